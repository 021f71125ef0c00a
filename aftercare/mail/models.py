"""What the daily digest sent: one row per person per day, so a rerun never sends it twice."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class EmailDigest(db.Model):
    __tablename__ = "email_digests"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The person's calendar day (in the platform's time zone) the digest belongs to.
    day: Mapped[date] = mapped_column(Date())
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # How many notifications it listed, and the newest of them: the next digest starts after it.
    notification_count: Mapped[int] = mapped_column(default=0)
    last_notification_id: Mapped[int] = mapped_column(default=0)
