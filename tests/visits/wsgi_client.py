"""Requests through ``portal.wsgi.application``, the object gunicorn and granian serve, instead of the test client.

Django's test client enters below the WSGI wrapper, so it never takes the beacon's short road; this one does.
"""

import json

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory


class WsgiResponse:
    def __init__(self, status: str, headers: list, content: bytes):
        self.status_code = int(status.split(" ", 1)[0])
        self.headers = dict(headers)
        self.content = content

    def __getitem__(self, name):
        return self.headers[name]

    def json(self):
        return json.loads(self.content)


class WsgiClient:
    """The test client's post/get/generic, answered by the WSGI application with the test client's cookies."""

    def __init__(self, client):
        from portal.wsgi import application

        self.application = application
        self.client = client

    def _send(self, request):
        # As Django's test client does: the test's transaction holds the connection, so requests must not close it.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        started = []
        try:
            body = self.application(
                request.environ, lambda status, headers, exc_info=None: started.append((status, headers))
            )
            try:
                content = b"".join(body)
            finally:
                getattr(body, "close", lambda: None)()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return WsgiResponse(*started[0], content)

    def _factory(self):
        factory = RequestFactory()
        factory.cookies = self.client.cookies
        return factory

    def post(self, path, data="", content_type="application/octet-stream", **extra):
        return self._send(self._factory().post(path, data, content_type=content_type, **extra))

    def get(self, path, **extra):
        return self._send(self._factory().get(path, **extra))

    def generic(self, method, path, data="", content_type="application/octet-stream", **extra):
        return self._send(self._factory().generic(method, path, data, content_type=content_type, **extra))

    def force_login(self, user):
        self.client.force_login(user)
