"""The Flask application class. Every Socket.IO event runs in a request context made from its socket's
handshake environ, so those contexts share one URL match per socket: werkzeug's matcher leaves a small
reference cycle behind on every match (a recursive closure), and at a few hundred events a second those
cycles kept the garbage collector busy. (The decoded session cookie is shared the same way; see
security.SessionInterface.) Ordinary requests have an environ of their own and are not affected.
"""
from flask import Flask
from flask.ctx import RequestContext

_URL_MATCH = "aftercare.url_match"


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


class Aftercare(Flask):
    def request_context(self, environ):
        return _RequestContext(self, environ)

    def log_exception(self, exc_info):
        """An unhandled error of a request, logged by its route (not its URL, which may hold a code) and
        by safelog.describe, without the message or locals that could quote what a person wrote."""
        from flask import request

        from .safelog import describe

        rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
        self.logger.error("request %s %s failed: %s", request.method, rule, describe(exc_info[1]))
