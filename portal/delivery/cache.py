"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's client builds a new ``redis.Redis`` for every cache operation (``get_client``), and redis-py fills a
table of about 170 response callbacks in each one: on a page that reads the cache four times, that cost more than
the round trips themselves. The connection pools were always shared; now the clients that use them are too
(redis-py clients are safe to share between threads).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
