"""Shared services: the helplines page and the language choice."""
import hashlib
import json

from sqlalchemy import select

from ..extensions import db
from .models import Helpline

# How many of the things waiting for the person the home page lists (the rest are on the notifications page).
HOME_NEEDS_YOU = 5


def helplines():
    return db.session.scalars(select(Helpline).order_by(Helpline.position, Helpline.id)).all()


def helplines_version():
    """A short fingerprint of what the helplines say: the service worker carries it, so a browser fetches
    the offline page's copy of the list again whenever an admin changes it."""
    listing = [[line.id, line.position, line.name_en, line.name_nb, line.phone, line.description_en,
                line.description_nb] for line in helplines()]
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()[:16]


def choose_language(user, flask_session, locale):
    """Remember the language: on the account when signed in, in the cookie session otherwise."""
    if locale not in ("en", "nb"):
        return
    flask_session["locale"] = locale
    if getattr(user, "is_authenticated", False):
        user.locale = locale
        db.session.commit()


def home(user):
    """What the home page leads with: the person's unread notifications that ask them to act (newest first,
    each (notification, text in their language)), and their open request for a time-giver, if any."""
    from ..matching.services.requests import current_request
    from ..notifications.models import Notification
    from ..notifications.services import text_of

    waiting = db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None), Notification.about.is_not(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(HOME_NEEDS_YOU)).all()
    return {"needs_you": [(notification, text_of(notification)) for notification in waiting],
            "time_giver_request": current_request(user)}
