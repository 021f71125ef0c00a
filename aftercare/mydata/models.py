"""A lock row per person while their export is being built: two exports at once cannot both start."""
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class ExportLock(db.Model):
    __tablename__ = "data_export_locks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
