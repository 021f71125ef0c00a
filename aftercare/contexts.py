"""The Flask application class. Every Socket.IO event runs in a request context made from its socket's
handshake environ; those contexts share what is the same for all of them, once per socket:

- the URL match: werkzeug's matcher leaves a small reference cycle behind on every match (a recursive
  closure), and at a few hundred events a second those cycles kept the garbage collector busy;
- the decoded session cookie: the cookie is fixed for the socket's life; it is verified again once a
  minute, so the cookie's own expiry still holds.

Ordinary requests have an environ of their own and are not affected.
"""
import time

from flask import Flask
from flask.ctx import RequestContext
from flask.sessions import SecureCookieSessionInterface

_URL_MATCH = "aftercare.url_match"
_SESSION = "aftercare.session"
SESSION_RECHECK_SECONDS = 60


class _RequestContext(RequestContext):
    def match_request(self):
        environ = self.request.environ
        cached = environ.get(_URL_MATCH)
        if cached is None:
            super().match_request()
            if self.request.routing_exception is None:
                environ[_URL_MATCH] = (self.request.url_rule, self.request.view_args)
            return
        self.request.url_rule, view_args = cached
        self.request.view_args = dict(view_args)


class SessionInterface(SecureCookieSessionInterface):
    def open_session(self, app, request):
        cached = request.environ.get(_SESSION)
        if cached is not None and time.monotonic() - cached[0] < SESSION_RECHECK_SECONDS:
            return self.session_class(cached[1])
        session = super().open_session(app, request)
        if session is not None:
            request.environ[_SESSION] = (time.monotonic(), dict(session))
        return session


class Aftercare(Flask):
    session_interface = SessionInterface()

    def request_context(self, environ):
        return _RequestContext(self, environ)
