"""An audit entry: who, what, when. `params` holds codes and ids only, never content."""
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_subject", "subject_user_id", "occurred_at"),
        Index("ix_audit_entries_group", "group_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A snapshot of how the actor is described ("administrator", "coordinator", "Dr. X (guest)").
    actor_label: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(40))
    # Plain ids without foreign keys: the entry outlives the group or person it is about.
    group_id: Mapped[Optional[int]] = mapped_column()
    subject_user_id: Mapped[Optional[int]] = mapped_column()
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
