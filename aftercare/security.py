"""Security baseline: secret key, login sessions, cookies, response headers."""
import base64
import secrets
import time
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, flash, g, jsonify, redirect, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import login_manager
from .forms import refuse_unstorable_input
from .navigation import safe_next

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


_SESSION = "aftercare.session"
SESSION_RECHECK_SECONDS = 60


class SessionInterface(SecureCookieSessionInterface):
    """Marks the cookie Secure whenever the request came over HTTPS (or when forced by config).

    Every Socket.IO event opens the session again from its socket's handshake, whose cookie is fixed for
    the socket's life: the decoded session is kept with the handshake for a minute, then the cookie is
    verified again (so its signature and expiry still hold). Each request gets its own copy."""

    def open_session(self, app, request):
        cached = request.environ.get(_SESSION)
        if cached is not None and time.monotonic() - cached[0] < SESSION_RECHECK_SECONDS:
            return self.session_class(cached[1])
        session = super().open_session(app, request)
        if session is not None:
            request.environ[_SESSION] = (time.monotonic(), dict(session))
        return session

    def get_cookie_secure(self, app):
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def configure(app):
    if not app.config.get("SECRET_KEY"):
        if app.debug or app.testing:
            app.config["SECRET_KEY"] = secrets.token_hex(32)
        else:
            raise RuntimeError("SECRET_KEY is not set. Set the SECRET_KEY environment variable "
                               "(the ./run script keeps one in the instance folder for you).")
    if app.config["TRUSTED_PROXIES"]:
        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.session_interface = SessionInterface()

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.session_protection = None  # the server-side login session does this job
    login_manager.unauthorized_handler(_unauthorized)
    app.after_request(_security_headers)
    # No form needs more than a few tens of kilobytes (the longest, a meeting log, holds 7 × 5,000
    # characters); a larger body of any encoding is answered 413 before it is read.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    app.before_request(refuse_unstorable_input)


PASSIVE_ENDPOINTS = {"notifications.count"}


@login_manager.user_loader
def _load_user(public_id):
    from .accounts.services import resume_login_session

    # A page asking by itself for its count of new notifications is not the person being active.
    passive = request.endpoint in PASSIVE_ENDPOINTS
    login_session = resume_login_session(public_id, current_app.config["SESSION_IDLE_MINUTES"], touch=not passive)
    if login_session is None:
        return None
    g.login_session_id = login_session.public_id
    g.login_session_seen_at = login_session.last_seen_at  # when the idle timeout started counting
    return login_session.user


def _unauthorized():
    """To the login page, and back afterwards to the page the person was on.

    A form sent after the login timed out comes back to the page holding the form (its Referer),
    where the text kept in the browser is restored, not to the POST-only address it was sent to."""
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error="signed_out"), 401
    flash(login_manager.login_message, "message")
    back = request.full_path.rstrip("?")
    if request.method != "GET" and request.referrer:
        referrer = urlsplit(request.referrer)
        if referrer.netloc == request.host:
            back = referrer.path + ("?" + referrer.query if referrer.query else "")
    return redirect(url_for(login_manager.login_view, next=safe_next(back) or "/"))


def current_login_session_id():
    """The public id of the login session serving this request (None when anonymous)."""
    return g.get("login_session_id")


def claimed_login_session_id():
    """The login session the request's cookie names, before it is checked (None without one): for the
    chat's send path, whose one query checks that login itself instead of loading the user first."""
    from flask import session

    return g.get("login_session_id") or session.get("_user_id")


BASELINE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Files the same for everyone, which a browser may keep. Every other answer (a page, a redirect, an error,
# anonymous or not) may name a person, carry a code or a form token: it never stays in a shared phone's
# or a proxy's cache.
CACHEABLE_ENDPOINTS = {"static", "core.service_worker", "core.manifest"}


def _security_headers(response):
    headers = response.headers
    for name, value in BASELINE_HEADERS.items():
        headers.setdefault(name, value)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        if "no-store" not in headers.get("Cache-Control", ""):
            headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
        response.vary.add("Cookie")
    return response


class TransportHeaders:
    """WSGI middleware giving the Socket.IO transport's own answers (long-polling, the WebSocket handshake),
    which never pass through Flask, the same security headers as every page, and no-store: a polling
    answer carries group messages."""

    def __init__(self, wsgi_app, path="/socket.io"):
        self.wsgi_app, self.path = wsgi_app, path

    def __call__(self, environ, start_response):
        if not (environ.get("PATH_INFO") or "").startswith(self.path):
            return self.wsgi_app(environ, start_response)
        secure = environ.get("wsgi.url_scheme") == "https"

        def with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _value in headers}
            extra = dict(BASELINE_HEADERS, **{"Cache-Control": "no-store", "Pragma": "no-cache"})
            if secure:
                extra["Strict-Transport-Security"] = "max-age=31536000"
            headers = list(headers) + [(name, value) for name, value in extra.items() if name.lower() not in present]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, with_headers)


def cover_socketio_transport(app):
    """Wrap the app once Flask-SocketIO has put its middleware in front of it."""
    app.wsgi_app = TransportHeaders(app.wsgi_app)


def _fernet(purpose):
    """A Fernet key (AES-128-CBC + HMAC-SHA256) derived from SECRET_KEY for one purpose."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"aftercare.seal." + purpose.encode()).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(text, purpose):
    """Encrypt a short secret for the signed session cookie, which anyone holding the cookie can read
    (it is signed, not encrypted)."""
    return _fernet(purpose).encrypt(text.encode()).decode()


def unseal(blob, purpose):
    """The text `seal` was given, or None for anything else."""
    try:
        return _fernet(purpose).decrypt(blob.encode()).decode()
    except (AttributeError, InvalidToken, UnicodeDecodeError, ValueError):
        return None
