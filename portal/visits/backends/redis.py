"""The production counter: Redis for every per-beacon decision, a history store (the database's) for history.

One Lua script per beacon decides, atomically, whether it starts a visit and a view (keys that expire after the
windows), keeps the online set, and adds what it counted to a ``pending`` hash. A visitor not seen within the visit
window is counted only while their address (hashed) has brought fewer new visitors than the bound in its window:
one key per address, expiring with the window, so a flood from one address adds one key and counts nothing.

About every FLUSH_SECONDS one worker moves ``pending`` into the history store, so a Redis flush loses at most
those seconds and history lives outside Redis. Figures are the store's totals (cached in Redis as ``base`` for
BASE_SECONDS) plus what is pending. If Redis cannot be reached, the fallback counter (the database's, counting into
the same history store) counts and answers instead.

Every flush bumps ``epoch`` and drops ``base``; a reader that loaded the store's totals keeps them as ``base``
only if no flush happened meanwhile, so totals read before a flush are never kept beside the pending counts that
flush moved (which would show a total short by those counts until ``base`` expired).
"""

import datetime
import logging

import redis
from django.utils import timezone

from ..history import HistoryStore
from .base import Counter, Figures, Visitor, Windows, max_new_visitors

logger = logging.getLogger(__name__)
FLUSH_SECONDS = 5
BASE_SECONDS = 60

RECORD = """
local p, visitor, page = ARGV[1], ARGV[2], ARGV[3]
local now, visit_ms, view_ms, current_ms, day = tonumber(ARGV[4]), ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]
local address, max_new = ARGV[10], tonumber(ARGV[11])
local function first(key, ms)
  if redis.call('SET', key, 1, 'PX', ms, 'NX') then return true end
  redis.call('PEXPIRE', key, ms)
  return false
end
local counted = 1
if redis.call('PEXPIRE', p .. ':seen:' .. visitor, visit_ms) == 0 then
  -- Not seen within the visit window: a new visit, if the address has a slot left in its window.
  local slots = p .. ':address:' .. address
  redis.call('SET', slots, 0, 'PX', visit_ms, 'NX')
  if tonumber(redis.call('GET', slots)) < max_new then
    redis.call('INCR', slots)
    redis.call('SET', p .. ':seen:' .. visitor, 1, 'PX', visit_ms)
    redis.call('HINCRBY', p .. ':pending', 'visits', 1)
    redis.call('HINCRBY', p .. ':pending', 'day-visits:' .. day, 1)
  else
    counted = 0
  end
end
if counted == 1 then
  if first(p .. ':viewed:' .. page .. ':' .. visitor, view_ms) then
    redis.call('HINCRBY', p .. ':pending', 'views:' .. page, 1)
    redis.call('HINCRBY', p .. ':pending', 'day-views:' .. day .. ':' .. page, 1)
  end
  redis.call('ZADD', p .. ':online', now, visitor)
end
redis.call('ZREMRANGEBYSCORE', p .. ':online', '-inf', now - current_ms)
-- The first beacon after each flush interval is the one whose worker moves pending counts to the database.
local flush = redis.call('SET', p .. ':flushing', 1, 'EX', ARGV[9], 'NX') and 1 or 0
return {flush, redis.call('ZCARD', p .. ':online'),
        redis.call('HGET', p .. ':pending', 'visits') or 0,
        redis.call('HGET', p .. ':pending', 'views:' .. page) or 0,
        redis.call('HGET', p .. ':base', 'total') or -1,
        redis.call('HGET', p .. ':base', 'views:' .. page) or -1,
        redis.call('GET', p .. ':epoch') or '0', counted}
"""

# Keep the database's totals as ``base`` only if no flush moved counts into the database since they were read.
KEEP_BASE = """
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
"""

# Take everything pending, atomically; the caller writes it to the database (or puts it back on failure).
TAKE = """
local items = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return items
"""


class RedisCounter(Counter):
    """Decides in Redis; ``history`` keeps what was counted, ``fallback`` counts only while Redis is unreachable."""

    def __init__(self, windows: Windows, url: str, prefix: str, *, history: HistoryStore, fallback: Counter):
        self.windows = windows
        self.prefix = prefix
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.history = history
        self.fallback = fallback
        self._record = self.client.register_script(RECORD)
        self._take = self.client.register_script(TAKE)
        self._keep_base = self.client.register_script(KEEP_BASE)

    def _site_prefix(self, site):
        return f"{self.prefix}:{site.pk}"

    def record(self, site, page, visitor: Visitor, now) -> Figures:
        try:
            return self._record_in_redis(site, page, visitor, now)
        except redis.RedisError as exc:
            logger.warning("Redis unavailable, counting in the database: %s", exc)
            return self.fallback.record(site, page, visitor, now)

    def _record_in_redis(self, site, page, visitor: Visitor, now) -> Figures:
        prefix = self._site_prefix(site)
        flush, current, pending_visits, pending_views, base_total, base_views, epoch, counted = self._record(
            args=[
                prefix,
                visitor.key,
                page.pk,
                int(now.timestamp() * 1000),
                _ms(self.windows.visit),
                _ms(self.windows.view),
                _ms(self.windows.current),
                timezone.localdate(now).isoformat(),
                FLUSH_SECONDS,
                visitor.address,
                max_new_visitors(),
            ]
        )
        if int(base_total) < 0 or int(base_views) < 0:
            base_total, base_views = self._load_base(site, page, epoch)
        if flush:
            try:
                self.flush(site)
            except Exception:  # the counts went back to Redis; the reader must not see this
                logger.exception("Could not move visit counts to the database; retrying at the next flush")
        return Figures(
            total=int(base_total) + int(pending_visits),
            current=int(current),
            views=int(base_views) + int(pending_views),
            counted=bool(counted),
        )

    def _load_base(self, site, page, epoch):
        """The history store's totals, kept as ``base`` unless a flush happened since ``epoch`` was read."""
        figures = self.history.stored_totals(site, page)
        fields = ["total", figures.total]
        if page is not None:
            fields += [f"views:{page.pk}", figures.views]
        prefix = self._site_prefix(site)
        self._keep_base(keys=[f"{prefix}:base", f"{prefix}:epoch"], args=[epoch, BASE_SECONDS, *fields])
        return figures.total, figures.views

    def flush(self, site):
        """Move what is pending into the history store: history and totals survive a Redis flush or restart."""
        key = f"{self._site_prefix(site)}:pending"
        items = self._take(keys=[key])
        pending = {items[i].decode(): int(items[i + 1]) for i in range(0, len(items), 2)}
        if not pending:
            return
        try:
            self.history.add(site, *_per_day(pending))
        except Exception:
            # Nothing is lost: put it back for the next flush.
            pipe = self.client.pipeline()
            for field, count in pending.items():
                pipe.hincrby(key, field, count)
            pipe.execute()
            raise
        # Re-read from the store next time; a reader that read it before this flush must not keep its totals.
        pipe = self.client.pipeline()
        pipe.incr(f"{self._site_prefix(site)}:epoch")
        pipe.delete(f"{self._site_prefix(site)}:base")
        pipe.execute()

    def figures(self, site, page, now) -> Figures:
        """What a page shows as it is rendered: one Redis round trip, the history store only when ``base`` is missing.

        Rendering counts nothing; it may keep the store's totals in Redis as ``base``.
        """
        prefix = self._site_prefix(site)
        views = [f"views:{page.pk}"] if page is not None else []
        try:
            pipe = self.client.pipeline(transaction=False)
            # Counted without trimming (the beacon's script trims): rendering a page writes nothing.
            since = int(now.timestamp() * 1000) - _ms(self.windows.current)
            pipe.zcount(f"{prefix}:online", f"({since}", "+inf")
            pipe.hmget(f"{prefix}:pending", "visits", *views)
            pipe.hmget(f"{prefix}:base", "total", *views)
            pipe.get(f"{prefix}:epoch")
            current, pending, base, epoch = pipe.execute()
            if None in base:
                base = self._load_base(site, page, epoch or b"0")
        except redis.RedisError:
            return self.fallback.figures(site, page, now)
        return Figures(
            total=int(base[0]) + int(pending[0] or 0),
            current=int(current),
            views=int(base[1]) + int(pending[1] or 0) if page is not None else 0,
        )

    def purge(self, now):
        """Redis keys expire with their windows; only what the fallback counted while Redis was away is left."""
        self.fallback.purge(now)


def _per_day(pending: dict[str, int]):
    """The pending hash as a history store takes it: visits per day, views per (day, page id).

    The hash's running totals (``visits``, ``views:<page>``) are the sums of its per-day fields, which the script
    raises with them, so they are not needed here.
    """
    visits, views = {}, {}
    for field, count in pending.items():
        kind, _, rest = field.partition(":")
        if kind == "day-visits":
            visits[datetime.date.fromisoformat(rest)] = count
        elif kind == "day-views":
            day, _, page_id = rest.partition(":")
            views[datetime.date.fromisoformat(day), int(page_id)] = count
    return visits, views


def _ms(delta: datetime.timedelta) -> int:
    return int(delta.total_seconds() * 1000)
