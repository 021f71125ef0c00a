"""Shared services: the helplines page and the language choice."""
from sqlalchemy import select

from ..extensions import db
from .models import Helpline


def helplines():
    return db.session.scalars(select(Helpline).order_by(Helpline.position, Helpline.id)).all()


def choose_language(user, flask_session, locale):
    """Remember the language: on the account when signed in, in the cookie session otherwise."""
    if locale not in ("en", "nb"):
        return
    flask_session["locale"] = locale
    if getattr(user, "is_authenticated", False):
        user.locale = locale
        db.session.commit()
