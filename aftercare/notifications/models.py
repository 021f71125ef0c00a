"""One notification for one person; the text is built from `kind` and `params` in the reader's language."""
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),
                      Index("ix_notifications_user_about", "user_id", "about"),
                      # The newest first, page by page (the list and the my-data page).
                      Index("ix_notifications_user_created", "user_id", "created_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300), default="")
    # What the person is asked to act on ("match_proposal:12"); acting on it takes the notification out of "new".
    about: Mapped[Optional[str]] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
