"""Friendly error pages in both languages, and the default socket error handler."""
from flask import current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from . import exceptions
from .extensions import db, socketio

PAGES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/400.html",
    409: "errors/409.html",
    429: "errors/429.html",
    500: "errors/500.html",
}


def _render(code, **context):
    return render_template(PAGES[code], code=code, **context), code


def register(app):
    for code in PAGES:
        app.register_error_handler(code, lambda error, code=code: _render(code, error=error))

    @app.errorhandler(429)
    def _too_many(error):
        limit = getattr(error, "limit", None)
        custom = limit is not None and limit.error_message
        return _render(429, reason=str(error.description) if custom else None)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return _render(400, reason=_("This form was open too long or came from another site. "
                                     "Go back, reload the page and try again."))

    @app.errorhandler(exceptions.NotFound)
    def _not_found(error):
        return _render(404)

    @app.errorhandler(exceptions.ValidationFailed)
    def _invalid(error):
        db.session.rollback()
        return _render(400, reason=error.message)

    @app.errorhandler(exceptions.Conflict)
    def _conflict(error):
        db.session.rollback()
        return _render(409, reason=error.message)

    @app.errorhandler(exceptions.PermissionDenied)
    def _denied(error):
        return _render(403, reason=error.message)

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return _render(500)

    @socketio.on_error_default
    def _socket_error(error):
        """The last resort for a handler that did not answer by itself (chat.events answers every event):
        it never touches the database (the socket's language is known since connect) and logs the error's
        class and place only, never the payload, which may be what a person wrote."""
        from .chat.conduct import answer_locale
        from .safelog import describe

        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001  (the database is gone; the next event starts afresh)
            db.session.remove()
        with force_locale(answer_locale()):
            if isinstance(error, exceptions.ServiceError):
                return {"ok": False, "error": str(error.message) or _("Not allowed.")}
            current_app.logger.error("socket event %s failed: %s", _event_name(), describe(error))
            return {"ok": False, "error": _("Something went wrong. Try again."), "retry": True}


def _event_name():
    """The event's name if it is one the server handles (a client may send any name)."""
    from .chat.payloads import SCHEMAS

    name = (getattr(request, "event", None) or {}).get("message")
    return name if name in SCHEMAS else "(other)"
