"""Shared services: the helplines page and the language choice."""
import hashlib
import json

from sqlalchemy import select

from ..extensions import db
from .models import Helpline


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
