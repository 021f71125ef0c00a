"""Web Push: the devices a person turned pushes on for, and sending one push (encrypted for the device,
signed with the site's VAPID key) through `pywebpush`. What the lock screen shows is decided here."""
import base64
import binascii
import json
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from flask import current_app
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, select

from .. import policy
from ..accounts.models import LoginSession
from ..exceptions import NotFound, ValidationFailed
from ..extensions import db
from ..signals import logins_ended
from ..timeutil import utcnow
from .choices import choices_of
from .models import Delivery, PushSubscription

# How long a push service keeps a push for a device that is off: after that it is not worth showing.
PUSH_TTL_SECONDS = 12 * 60 * 60
TIMEOUT_SECONDS = 10
GENERIC_TAG = "aftercare-new"

_http = None


def _b64decode(value):
    text = str(value or "")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return b""


def _allowed_endpoint(endpoint):
    config = current_app.config
    parts = urlsplit(endpoint)
    schemes = ("https", "http") if config.get("WEB_PUSH_ALLOW_HTTP") else ("https",)
    host = (parts.hostname or "").lower()
    hosts = [h.strip().lower() for h in config.get("WEB_PUSH_HOSTS", "").split(",") if h.strip()]
    return parts.scheme in schemes and any(host == h or host.endswith("." + h) for h in hosts)


def subscribe(user, login_public_id, endpoint, p256dh, auth):
    """Turn pushes on for this browser, tied to the login it is signed in with (logging out there turns
    them off). The same browser subscribing again just updates its keys. Raises ValidationFailed for a
    subscription that is not a browser push service's."""
    endpoint = endpoint if isinstance(endpoint, str) else ""
    public_key, secret = _b64decode(p256dh), _b64decode(auth)
    if len(endpoint) > 1000 or not _allowed_endpoint(endpoint) or len(public_key) != 65 \
            or public_key[:1] != b"\x04" or len(secret) != 16:
        raise ValidationFailed(_l("This browser's push subscription could not be used."))
    login_session = db.session.scalar(select(LoginSession).where(LoginSession.public_id == login_public_id,
                                                                 LoginSession.user_id == user.id))
    if login_session is None:
        raise NotFound()
    device = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if device is None:
        device = PushSubscription(endpoint=endpoint)
        db.session.add(device)
    elif device.user_id != user.id:
        # The browser now belongs to someone else's login: nothing queued for the other person goes to it.
        db.session.execute(delete(Delivery).where(Delivery.subscription_id == device.id))
    device.user_id, device.login_session_id = user.id, login_session.id
    device.p256dh, device.auth = p256dh, auth
    db.session.commit()
    return device


def unsubscribe(user, endpoint):
    """Turn pushes off for this browser. Raises NotFound when it is not one of the person's."""
    device = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == str(endpoint or "")))
    if not policy.can_remove_push_device(user, device):
        raise NotFound()
    db.session.delete(device)
    db.session.commit()


def device_count(user):
    return len(db.session.scalars(select(PushSubscription.id).where(PushSubscription.user_id == user.id)).all())


@logins_ended.connect
def _forget_devices(_sender, public_ids=(), idle=False, **_):
    """Logging out of a device (or being logged out by a password change or an admin) ends its pushes.
    A login that merely went idle keeps them: the person is still the one holding the phone, and the lock
    screen then shows no detail (see payload)."""
    if idle or not public_ids:
        return
    logins = select(LoginSession.id).where(LoginSession.public_id.in_(list(public_ids)))
    devices = select(PushSubscription.id).where(PushSubscription.login_session_id.in_(logins))
    db.session.execute(delete(Delivery).where(Delivery.subscription_id.in_(devices)))
    db.session.execute(delete(PushSubscription).where(PushSubscription.login_session_id.in_(logins)))
    db.session.commit()


def _signed_in_there(device, now):
    login = device.login_session
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    return login is not None and login.ended_at is None and now - login.last_seen_at <= idle


def payload(notification, device, now=None):
    """What the service worker shows: "Aftercare" and "You have something new", unless the person chose
    more detail and is still signed in on that device; it opens the notification's page on tap."""
    from .services import text_of

    user = notification_user(notification)
    languages = current_app.config["LANGUAGES"]
    with force_locale(user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]):
        detail = choices_of(user).show_detail and _signed_in_there(device, now or utcnow())
        body = text_of(notification) if detail else _("You have something new")
        return json.dumps({"title": "Aftercare", "body": body, "url": notification.link or "/notifications",
                           "tag": f"aftercare-{notification.id}" if detail else GENERIC_TAG})


def notification_user(notification):
    from ..accounts.models import User

    return db.session.get(User, notification.user_id)


class Outcome:
    SENT, GONE, RETRY, FAILED = "sent", "gone", "retry", "failed"


def send(delivery):
    """Send one push; returns (outcome, error) where error is a status or an error class, never content."""
    global _http
    if _http is None:
        _http = requests.Session()
    device = delivery.subscription
    config = current_app.config
    info = {"endpoint": device.endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}}
    try:
        webpush(info, data=payload(delivery.notification, device), vapid_private_key=config["VAPID_PRIVATE_KEY"],
                vapid_claims={"sub": config.get("VAPID_SUBJECT") or "mailto:admin@localhost"},
                ttl=PUSH_TTL_SECONDS, timeout=TIMEOUT_SECONDS, requests_session=_http)
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            return Outcome.GONE, str(status)
        if status is None or status == 429 or status >= 500:
            return Outcome.RETRY, str(status or type(error).__name__)
        return Outcome.FAILED, str(status)
    except requests.RequestException as error:
        return Outcome.RETRY, type(error).__name__
    return Outcome.SENT, ""
