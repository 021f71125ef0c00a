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


def _person_lookups():
    """Indexes on other domains' tables for what a person's export (and the deletion of their account)
    looks up by that person; without them each is a full scan of a table that grows with the chat."""
    from sqlalchemy import Index

    from ..audit.models import AuditEntry
    from ..chat.models import Reaction
    from ..meetings.models import AgendaItem

    return (Index("ix_chat_reactions_user", Reaction.user_id),
            Index("ix_meeting_agenda_items_proposed_by", AgendaItem.proposed_by_id),
            Index("ix_audit_entries_actor", AuditEntry.actor_id))


PERSON_LOOKUPS = _person_lookups()
