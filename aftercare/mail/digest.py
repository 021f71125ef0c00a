"""The daily e-mail digest: once a day, to people who turned it on and whose address is verified, the sentences
of their unread notifications not mailed before (already free of content: see notifications.text_of)."""
import logging

from flask import current_app, url_for
from flask_babel import force_locale, gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..timeutil import local_date, utcnow
from . import enabled, render, send
from .models import EmailDigest

log = logging.getLogger(__name__)


def digest_day(now=None):
    """The calendar day a digest sent at `now` belongs to, in the platform's time zone."""
    return local_date(now or utcnow())


def _recipients():
    from ..accounts.models import User

    return db.session.scalars(select(User).where(User.email_digest.is_(True), User.email.is_not(None),
                                                 User.email_verified_at.is_not(None),
                                                 User.is_disabled.is_(False)).order_by(User.id)).all()


def _pending(user):
    """The person's unread notifications newer than the last one a digest listed, oldest first."""
    from ..notifications.models import Notification

    after = db.session.scalar(select(func.max(EmailDigest.last_notification_id))
                              .where(EmailDigest.user_id == user.id)) or 0
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.read_at.is_(None), Notification.id > after)
                              .order_by(Notification.id)).all()


def _claim(user, day, notifications):
    """Record the digest before sending it; None when a digest for that day exists (another run sent it)."""
    row = EmailDigest(user_id=user.id, day=day, notification_count=len(notifications),
                      last_notification_id=notifications[-1].id)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return row


def _link(path_endpoint):
    public_url = current_app.config.get("PUBLIC_URL")
    if not public_url:
        return None
    with current_app.test_request_context(base_url=public_url):
        return url_for(path_endpoint, _external=True)


def _compose(user, notifications):
    from ..accounts.email import mail_locale
    from ..notifications.services import text_of

    with force_locale(mail_locale(user)):
        lines = [text_of(notification) for notification in notifications]
        subject = _("Aftercare: you have something new")
        body = render("mail/digest.txt", lines=lines, link=_link("notifications.index"),
                               settings_link=_link("accounts.email_settings"))
    return subject, body


def send_digests(now=None):
    """Send today's digests; return how many were sent. At most one per person per day: the record is written
    before the mail goes out, and taken back only when the SMTP server refused it, so a rerun never repeats one."""
    if not enabled():
        return 0
    day, sent = digest_day(now), 0
    for user in _recipients():
        if db.session.scalar(select(EmailDigest.id).where(EmailDigest.user_id == user.id, EmailDigest.day == day)):
            continue
        notifications = _pending(user)
        if not notifications:
            continue
        row = _claim(user, day, notifications)
        if row is None:
            continue
        subject, body = _compose(user, notifications)
        if send(user.email, subject, body, kind="digest", user_id=user.id):
            sent += 1
        else:
            db.session.delete(row)
            db.session.commit()
    log.info("mail.digests_sent count=%s", sent)
    return sent
