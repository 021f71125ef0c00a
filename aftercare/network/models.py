"""The person's own network map (entries and their history), aftercare plan and "when it gets hard" words.

Every row belongs to one owner and goes with her account (ON DELETE CASCADE). What she writes in her own
words is encrypted at rest (crypto.py); the choices are plain codes."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow
from .crypto import EncryptedJSON, EncryptedText

CIRCLES = ("close", "between", "distant")
SPHERES = ("family", "friends", "local", "activities", "peers", "helpers")
GIVES = ("emotional", "practical", "information", "recognition")
CONTACT = ("yes", "little", "none")
EFFECTS = ("steadies", "pulls", "mixed")
USES = ("yes", "no", "unknown")
WISHES = ("keep", "closer", "repair", "pause", "distance", "end")
MARKERS = ("council_invitee", "can_call", "after_discharge")
# The fields of an entry, in the order of the form; the history keeps these.
ENTRY_FIELDS = ("name", "is_group", "circle", "sphere", "gives", "concrete_help", "reciprocal", "contact",
                "reconnect", "effect", "uses_substances", "wish", *MARKERS, "note")

AREAS = ("housing", "activity", "health", "money", "network")
STEP_HELPERS = ("self", "entry", "time_giver", "service")
STEP_STATES = ("done", "under_way", "need_help", "dropped")


def _among(column, values, nullable=True):
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IS NULL OR {column} IN ({listed})" if nullable else f"{column} IN ({listed})",
                           name=column)


class NetworkEntry(db.Model):
    """A person or a group in her life; every field may stay empty."""

    __tablename__ = "network_entries"
    __table_args__ = (_among("circle", CIRCLES), _among("sphere", SPHERES), _among("contact", CONTACT),
                      _among("effect", EFFECTS), _among("uses_substances", USES), _among("wish", WISHES))

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # A first name, nickname or initials: never a full identity of a third party.
    name: Mapped[Optional[str]] = mapped_column(EncryptedText())
    is_group: Mapped[bool] = mapped_column(default=False)
    circle: Mapped[Optional[str]] = mapped_column(String(10))
    sphere: Mapped[Optional[str]] = mapped_column(String(12))
    gives: Mapped[list] = mapped_column(JSON, default=list)
    concrete_help: Mapped[Optional[str]] = mapped_column(EncryptedText())
    reciprocal: Mapped[bool] = mapped_column(default=False)
    contact: Mapped[Optional[str]] = mapped_column(String(8))
    reconnect: Mapped[bool] = mapped_column(default=False)
    effect: Mapped[Optional[str]] = mapped_column(String(10))
    uses_substances: Mapped[Optional[str]] = mapped_column(String(8))
    wish: Mapped[Optional[str]] = mapped_column(String(10))
    council_invitee: Mapped[bool] = mapped_column(default=False)
    can_call: Mapped[bool] = mapped_column(default=False)
    after_discharge: Mapped[bool] = mapped_column(default=False)
    note: Mapped[Optional[str]] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def fields(self):
        """The entry as plain data, as the history keeps it."""
        return {name: (list(getattr(self, name) or []) if name == "gives" else getattr(self, name))
                for name in ENTRY_FIELDS}


class NetworkSnapshot(db.Model):
    """How one entry looked from `valid_from` until `valid_to` (open while it is still so): "then and now"."""

    __tablename__ = "network_snapshots"
    __table_args__ = (Index("ix_network_snapshots_owner_from", "owner_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The entry's number, kept after the entry itself is removed.
    entry_number: Mapped[int] = mapped_column()
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    valid_to: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    data: Mapped[dict] = mapped_column(EncryptedJSON())


class PlanArea(db.Model):
    """One area of her aftercare plan: one of AREAS, or one she named herself (kind "own")."""

    __tablename__ = "plan_areas"
    __table_args__ = (_among("kind", AREAS + ("own",), nullable=False),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[Optional[str]] = mapped_column(EncryptedText())
    where_now: Mapped[Optional[str]] = mapped_column(EncryptedText())
    wanted: Mapped[Optional[str]] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    steps: Mapped[list["PlanStep"]] = relationship(back_populates="area", order_by="PlanStep.id",
                                                   cascade="all, delete-orphan", passive_deletes=True)

    @property
    def slug(self):
        return f"own-{self.id}" if self.kind == "own" else self.kind


class PlanStep(db.Model):
    """A next step: what, who helps, by when, and how it stands (unmarked until she marks it)."""

    __tablename__ = "plan_steps"
    __table_args__ = (_among("helper", STEP_HELPERS), _among("status", STEP_STATES))

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("plan_areas.id", ondelete="CASCADE"), index=True)
    what: Mapped[Optional[str]] = mapped_column(EncryptedText())
    helper: Mapped[Optional[str]] = mapped_column(String(10))
    helper_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("network_entries.id", ondelete="SET NULL"))
    # The service (or anyone else) that helps, in her words.
    helper_name: Mapped[Optional[str]] = mapped_column(EncryptedText())
    due_on: Mapped[Optional[date]] = mapped_column(Date)
    status: Mapped[Optional[str]] = mapped_column(String(10))
    # The date the reminder sweep last told her about (a changed date is told again).
    reminded_for: Mapped[Optional[date]] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    area: Mapped[PlanArea] = relationship(back_populates="steps")
    owner = relationship("User")
    helper_entry: Mapped[Optional[NetworkEntry]] = relationship()


class PlanVersion(db.Model):
    """The whole plan as it stood after a change (changes close together share one version)."""

    __tablename__ = "plan_versions"
    __table_args__ = (Index("ix_plan_versions_owner_saved", "owner_id", "saved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    data: Mapped[dict] = mapped_column(EncryptedJSON())


class HardTimesMessage(db.Model):
    """The words she wrote for the people she calls when it gets hard (they are the entries marked can_call)."""

    __tablename__ = "hard_times_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    message: Mapped[Optional[str]] = mapped_column(EncryptedText())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
