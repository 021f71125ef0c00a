"""E-mail over SMTP, sent only when MAIL_SERVER is configured; logs name the kind of mail, never the address."""
import logging
import threading

from flask import current_app
from flask_mailman import EmailMessage

from ..extensions import mail as mailman

log = logging.getLogger(__name__)


def enabled(app=None):
    """True when an SMTP server is configured; without one, every e-mail feature is hidden."""
    return bool((app or current_app).config.get("MAIL_SERVER"))


def render(template, **context):
    """A plain-text mail body from templates/mail/, in the current language (no page context: it may be built
    outside a request, by the daily digest)."""
    return current_app.jinja_env.get_template(template).render(**context)


def _sender(config):
    return config.get("MAIL_DEFAULT_SENDER") or config.get("MAIL_USERNAME") or "aftercare@localhost"


def _message(config, to, subject, body):
    connection = mailman.get_connection(
        backend="smtp", host=config["MAIL_SERVER"], port=config["MAIL_PORT"],
        username=config.get("MAIL_USERNAME") or "", password=config.get("MAIL_PASSWORD") or "",
        use_tls=bool(config.get("MAIL_USE_TLS")), use_ssl=bool(config.get("MAIL_USE_SSL")),
        timeout=config.get("MAIL_TIMEOUT"))
    # Auto-Submitted keeps out-of-office replies from answering a machine.
    return EmailMessage(subject, body, _sender(config), [to], connection=connection,
                        headers={"Auto-Submitted": "auto-generated"})


def _deliver(app, message, kind, user_id):
    with app.app_context():
        try:
            message.send()
        except Exception as error:  # SMTP, socket and TLS errors alike: the caller goes on
            log.warning("mail.failed kind=%s user_id=%s error=%s", kind, user_id, type(error).__name__)
            return False
        log.info("mail.sent kind=%s user_id=%s", kind, user_id)
        return True


def send(to, subject, body, *, kind, user_id=None, background=False):
    """Send one plain-text mail. Returns whether it was handed to the SMTP server (None when sent in the
    background, so that a page answers equally fast whoever it concerns). Never raises for SMTP trouble."""
    if not enabled():
        return False
    app = current_app._get_current_object()
    message = _message(app.config, to, subject, body)
    if background:
        threading.Thread(target=_deliver, args=(app, message, kind, user_id), daemon=True).start()
        return None
    return _deliver(app, message, kind, user_id)

from . import models  # noqa: E402,F401  (the digest record table)
