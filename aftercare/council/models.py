"""A network council: the main person's questions, the coordinator she chose, the people she invites, the
statements she approved, the practicalities, the meeting's phases, the plan with its lines and signatures,
and the versions each meeting finished.

Everything belongs to her council and goes with it (ON DELETE CASCADE from the council, and the council
from her account). What anyone wrote is encrypted at rest like the rest of her own tools."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import UTCDateTime
from ..network.crypto import EncryptedJSON, EncryptedText
from ..timeutil import utcnow

KINDS = ("council", "network_meeting")
# preparing → information (part 1) → plan (part 2: private in a council) → decision (part 3) → following_up
# (the plan is finished; a follow-up meeting starts again at information with the plan's lines as agenda).
PHASES = ("preparing", "information", "plan", "decision", "following_up")
COORDINATOR_STATES = ("asked", "accepted")
ANSWERS = ("yes", "no", "unsure")
INVITEE_ROLES = ("chair", "minutes")
STATEMENT_STATES = ("asked", "written", "changes", "approved", "rejected")
LINE_OWNERS = ("self", "invitee", "professional", "service")
LINE_MARKS = ("done", "need_help", "cant")
MAX_QUESTIONS = 3


def _among(column, values, nullable=True):
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IS NULL OR {column} IN ({listed})" if nullable else f"{column} IN ({listed})",
                           name=column)


class Council(db.Model):
    """One council of one main person, from her first question to its end."""

    __tablename__ = "councils"
    __table_args__ = (_among("kind", KINDS, nullable=False), _among("phase", PHASES, nullable=False),
                      _among("coordinator_state", COORDINATOR_STATES))

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="council")
    phase: Mapped[str] = mapped_column(String(14), default="preparing")
    # 0 for the first meeting, 1 and up for the follow-ups.
    round: Mapped[int] = mapped_column(default=0)
    coordinator_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    coordinator_state: Mapped[Optional[str]] = mapped_column(String(10))
    # The agreement (roles; confidentiality lifted for the information part only), accepted by each.
    owner_agreed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    coordinator_agreed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # Her words to the people she invites, and her opening words at the meeting.
    invitation_words: Mapped[Optional[str]] = mapped_column(EncryptedText())
    opening_words: Mapped[Optional[str]] = mapped_column(EncryptedText())
    meeting_on: Mapped[Optional[date]] = mapped_column(Date)
    meeting_time: Mapped[Optional[str]] = mapped_column(String(5))
    place: Mapped[Optional[str]] = mapped_column(EncryptedText())
    food: Mapped[Optional[str]] = mapped_column(EncryptedText())
    interpreter: Mapped[Optional[str]] = mapped_column(EncryptedText())
    childcare: Mapped[Optional[str]] = mapped_column(EncryptedText())
    # Part 3: the coordinator found the plan concrete, feasible and agreed (for this round).
    checked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    follow_up_on: Mapped[Optional[date]] = mapped_column(Date)
    follow_up_declined: Mapped[bool] = mapped_column(default=False)
    # The date the coordinator was last given the two-weeks-before preparation task for.
    prepared_for: Mapped[Optional[date]] = mapped_column(Date)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    owner = relationship("User", foreign_keys=[owner_id])
    coordinator = relationship("User", foreign_keys=[coordinator_id])
    questions: Mapped[list["CouncilQuestion"]] = relationship(
        order_by="CouncilQuestion.position", cascade="all, delete-orphan", passive_deletes=True)
    invitees: Mapped[list["CouncilInvitee"]] = relationship(
        order_by="CouncilInvitee.id", cascade="all, delete-orphan", passive_deletes=True, back_populates="council")
    statements: Mapped[list["CouncilStatement"]] = relationship(
        order_by="CouncilStatement.id", cascade="all, delete-orphan", passive_deletes=True, back_populates="council")
    lines: Mapped[list["CouncilLine"]] = relationship(
        order_by="CouncilLine.id", cascade="all, delete-orphan", passive_deletes=True, back_populates="council")
    signatures: Mapped[list["CouncilSignature"]] = relationship(
        order_by="CouncilSignature.id", cascade="all, delete-orphan", passive_deletes=True)
    versions: Mapped[list["CouncilPlanVersion"]] = relationship(
        order_by="CouncilPlanVersion.number", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def is_private(self):
        """Part 2 of a council: the coordinator and every professional are out."""
        return self.kind == "council" and self.phase == "plan"

    @property
    def agreed(self):
        """The coordinator accepted the request, and both accepted the agreement."""
        return (self.coordinator_state == "accepted" and self.owner_agreed_at is not None
                and self.coordinator_agreed_at is not None)

    @property
    def has_meeting_started(self):
        return self.phase != "preparing"

    @property
    def version(self):
        return self.versions[-1] if self.versions else None


class CouncilQuestion(db.Model):
    __tablename__ = "council_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(EncryptedText())


class CouncilInvitee(db.Model):
    """Someone from her private network. No account: they reach the council through a link."""

    __tablename__ = "council_invitees"
    __table_args__ = (_among("answer", ANSWERS), _among("role", INVITEE_ROLES))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("network_entries.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(EncryptedText())
    # How the coordinator reaches them: given by her alone, for this council alone.
    contact: Mapped[Optional[str]] = mapped_column(EncryptedText())
    role: Mapped[Optional[str]] = mapped_column(String(8))
    # The coordinator's checklist.
    contacted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    visited_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    answer: Mapped[Optional[str]] = mapped_column(String(8))
    answered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # True when the coordinator wrote the answer down (by phone), False when they answered through their link.
    answer_recorded: Mapped[bool] = mapped_column(default=False)
    # The link: only its hash is kept; it opens once, before it expires, and then lives in that browser
    # (the access key, also kept as a hash). A new link ends the old one and the browser that used it.
    link_hash: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    link_expires_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    link_used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    access_hash: Mapped[Optional[str]] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    council: Mapped[Council] = relationship(back_populates="invitees")


class CouncilStatement(db.Model):
    """A professional's statement on questions she chose; used only once she approved it."""

    __tablename__ = "council_statements"
    __table_args__ = (_among("state", STATEMENT_STATES, nullable=False),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The positions of the questions she asked them about.
    question_ids: Mapped[list] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(10), default="asked")
    agreed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    text: Mapped[Optional[str]] = mapped_column(EncryptedText())
    # What she asked to be changed.
    her_note: Mapped[Optional[str]] = mapped_column(EncryptedText())
    # She lets them have a copy of the plan's lines assigned to them.
    share_lines: Mapped[bool] = mapped_column(default=False)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    council: Mapped[Council] = relationship(back_populates="statements")
    professional = relationship("User")


class CouncilLine(db.Model):
    """One action of the plan under one question: what, who, by when, and how its owner marked it."""

    __tablename__ = "council_lines"
    __table_args__ = (_among("owner_kind", LINE_OWNERS, nullable=False), _among("mark", LINE_MARKS),
                      Index("ix_council_lines_due", "due_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("council_questions.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(EncryptedText())
    owner_kind: Mapped[str] = mapped_column(String(12))
    invitee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("council_invitees.id", ondelete="SET NULL"))
    professional_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "We ask service X": in her words.
    service_name: Mapped[Optional[str]] = mapped_column(EncryptedText())
    # Who it was when the invitee's details are gone (kept with a live plan).
    who_name: Mapped[Optional[str]] = mapped_column(EncryptedText())
    due_on: Mapped[Optional[date]] = mapped_column(Date)
    mark: Mapped[Optional[str]] = mapped_column(String(10))
    marked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    reminded_for: Mapped[Optional[date]] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    council: Mapped[Council] = relationship(back_populates="lines")
    question: Mapped[CouncilQuestion] = relationship()
    invitee: Mapped[Optional[CouncilInvitee]] = relationship()
    professional = relationship("User")


class CouncilSignature(db.Model):
    """She or an invitee signed this round's plan (on the shared phone, or through their own link)."""

    __tablename__ = "council_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=0)
    # None for her; the invitee otherwise (the name below stays when their details are deleted).
    invitee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("council_invitees.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(EncryptedText())
    through_link: Mapped[bool] = mapped_column(default=False)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CouncilPlanVersion(db.Model):
    """The plan as a meeting finished it: questions, lines, signatures and the follow-up date."""

    __tablename__ = "council_plan_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    data: Mapped[dict] = mapped_column(EncryptedJSON())
