"""Kind in-app notices: a short coded message for one person (for instance "your time-giver has left").
A notice holds a code, never a name or any content."""
from datetime import datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models import UTCDateTime
from .timeutil import utcnow

TEXTS = {
    "match.time_giver_left": _l("Your time-giver has left Aftercare, so your match has ended. This is not "
                                "about you. You can ask for a new time-giver whenever you like."),
    "match.participant_left": _l("The person you were matched with has left Aftercare, so your match has "
                                 "ended. Thank you for the time you gave."),
}


class Notice(db.Model):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    dismissed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    @property
    def text(self):
        return TEXTS.get(self.code, "")


def add(user_id, code):
    """Add a notice in the current transaction; the caller commits."""
    db.session.add(Notice(user_id=user_id, code=code))


def open_notices(user):
    if not getattr(user, "is_authenticated", False):
        return []
    return db.session.scalars(select(Notice).where(Notice.user_id == user.id, Notice.dismissed_at.is_(None))
                              .order_by(Notice.created_at)).all()


def dismiss(user, notice_id):
    db.session.execute(update(Notice).where(Notice.id == notice_id, Notice.user_id == user.id)
                       .values(dismissed_at=utcnow()))
    db.session.commit()
