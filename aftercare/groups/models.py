"""Closed groups: the group, its members and leaders, invitations, the waiting list and its rules."""
from datetime import date, datetime, timedelta
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class Phase:
    PLANNING = "planning"
    ESTABLISHING = "establishing"
    WORKING = "working"
    ENDING = "ending"
    CLOSED = "closed"

    ALL = (PLANNING, ESTABLISHING, WORKING, ENDING, CLOSED)  # in the order a group goes through them


class MemberRole:
    MEMBER = "member"
    LEADER = "leader"


class MembershipStatus:
    ACTIVE = "active"
    LEFT = "left"
    REMOVED = "removed"

    ENDED = (LEFT, REMOVED)


class WaitingStatus:
    WAITING = "waiting"
    OFFERED = "offered"
    JOINED = "joined"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    IN_QUEUE = (WAITING, OFFERED)


class DecisionStatus:
    """A proposal the group decides by its consent method: a rule proposal, a guest invitation."""

    OPEN = "open"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


PHASES = Phase.ALL
KINDS = ("self_help", "support")
INTAKES = ("open", "closed")
CONSENT_METHODS = ("majority", "no_objection")
VOTE_DISPLAYS = ("secret", "named")
RETENTION_CHOICES = (7, 30, 90, 365)

# The LAR mothers' group's rules: every new group starts from these (it can change them by consent).
# Lazy strings: a group's starting rules are written in the language the coordinator chose for the group.
TEMPLATE_RULES = (
    _l("Wait your turn and don't interrupt."),
    _l("Raise your hand when you want to speak."),
    _l("Give each other good feedback."),
    _l("Use respectful language."),
    _l("Confidentiality: what is seen and heard in the group stays in the group."),
    _l("Give notice in advance if you can't come."),
    _l("Arrive on time."),
    _l("Don't come intoxicated. If someone does, they are asked to leave that meeting and are welcome "
       "back next time."),
)


class Group(db.Model):
    __tablename__ = "groups"
    __table_args__ = (
        CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats"),
        CheckConstraint("capacity BETWEEN 2 AND 50", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    purpose: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="self_help")
    capacity: Mapped[int] = mapped_column(default=10)
    # Active memberships, kept in step by the services so that taking the last place is one atomic update.
    seats_taken: Mapped[int] = mapped_column(default=0)
    intake: Mapped[str] = mapped_column(String(10), default="closed")
    meeting_rhythm: Mapped[str] = mapped_column(String(120), default="")
    meeting_minutes: Mapped[int] = mapped_column(default=90)
    planned_end: Mapped[Optional[date]] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(String(120), default="")
    chat_retention_days: Mapped[int] = mapped_column(default=90)
    timezone: Mapped[str] = mapped_column(String(40), default="Europe/Oslo")
    phase: Mapped[str] = mapped_column(String(20), default=Phase.PLANNING)
    consent_method: Mapped[str] = mapped_column(String(20), default="majority")
    objection_days: Mapped[int] = mapped_column(default=7)
    # During a live meeting, only the person with the floor and the leaders may post.
    floor_only_in_meetings: Mapped[bool] = mapped_column(default=False)
    # Leaders record who came only if the group chose to (see meetings/services/attendance.py).
    records_attendance: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Chosen at creation: the language of the template rules and of the texts the system writes for the group.
    language: Mapped[str] = mapped_column(String(5), default="nb", server_default="nb")
    # Chosen at creation: votes on rules are shown by name, or (the default) as counts only.
    named_votes: Mapped[bool] = mapped_column(default=False, server_default=false())
    rules_version: Mapped[int] = mapped_column(default=1)
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # How long former members can still read a closed group before its content is deleted.
    readable_days_after_close: Mapped[int] = mapped_column(default=90)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="group", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin")
    rules: Mapped[list["Rule"]] = relationship(
        back_populates="group", cascade="all, delete-orphan", passive_deletes=True, order_by="Rule.position")

    def membership_of(self, user_id):
        """The membership row of this user, in any status (no query: memberships are loaded with the group)."""
        for membership in self.memberships:
            if membership.user_id == user_id:
                return membership
        return None

    @property
    def active_memberships(self):
        return [m for m in self.memberships if m.status == MembershipStatus.ACTIVE]

    @property
    def leaders(self):
        return [m for m in self.active_memberships if m.role == MemberRole.LEADER]

    @property
    def current_rules(self):
        return [rule for rule in self.rules if rule.removed_at is None]

    @property
    def is_closed(self):
        return self.phase == Phase.CLOSED

    @property
    def lacks_co_leader(self):
        """An open group with fewer than two leaders: co-leadership is the norm."""
        return not self.is_closed and len(self.leaders) < 2

    @property
    def readable_until(self):
        """When a closed group's reading time for its former members ends and its content is deleted
        (None while it is open)."""
        if self.closed_at is None:
            return None
        return self.closed_at + timedelta(days=self.readable_days_after_close)

    def is_readable_after_close(self, now=None):
        """Closed, and still inside its reading time at `now` (the current time when not given)."""
        return self.readable_until is not None and (now or utcnow()) < self.readable_until


class Membership(db.Model):
    __tablename__ = "group_memberships"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id"),
        CheckConstraint("role IN ('member', 'leader')", name="role"),
        CheckConstraint("status IN ('active', 'left', 'removed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default=MemberRole.MEMBER)
    status: Mapped[str] = mapped_column(String(10), default=MembershipStatus.ACTIVE)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # Shown to the removed member only.
    removal_reason: Mapped[Optional[str]] = mapped_column(String(500))
    accepted_rules_version: Mapped[int] = mapped_column(default=0)
    share_phone: Mapped[bool] = mapped_column(default=False)

    group: Mapped[Group] = relationship(back_populates="memberships")
    user = relationship("User", lazy="joined")

    @property
    def is_leader(self):
        return self.status == MembershipStatus.ACTIVE and self.role == MemberRole.LEADER


class GroupInvitation(db.Model):
    """A single-use, expiring invitation to one group: a link (token hash) or addressed to one account."""

    __tablename__ = "group_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    invitee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    used_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    declined_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    group: Mapped[Group] = relationship()

    def status(self, now=None):
        now = now or utcnow()
        if self.used_at:
            return "used"
        if self.declined_at:
            return "declined"
        if self.expires_at <= now:
            return "expired"
        return "open"


class WaitingEntry(db.Model):
    """A place in the queue for a full group; the first waiting person is offered the next free place."""

    __tablename__ = "group_waiting_entries"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id"),
        CheckConstraint("status IN ('waiting', 'offered', 'joined', 'declined', 'withdrawn')", name="status"),
        Index("ix_group_waiting_entries_queue", "group_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=WaitingStatus.WAITING)
    offered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    offer_expires_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    group: Mapped[Group] = relationship()


class PurposeRevision(db.Model):
    __tablename__ = "group_purpose_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(Text)
    revised_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    revised_by = relationship("User", lazy="joined")


class Rule(db.Model):
    """One rule of the group contract. A change replaces the rule (the old row keeps its history)."""

    __tablename__ = "group_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    adopted_in_version: Mapped[int] = mapped_column(default=1)
    removed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    replaced_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("group_rules.id", ondelete="SET NULL"))

    group: Mapped[Group] = relationship(back_populates="rules")


class RuleProposal(db.Model):
    __tablename__ = "group_rule_proposals"
    __table_args__ = (
        # 'method': how the group decides (majority or no objection, and its days) is itself a proposal.
        CheckConstraint("kind IN ('add', 'change', 'remove', 'method')", name="kind"),
        CheckConstraint("status IN ('open', 'adopted', 'rejected', 'withdrawn')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    rule_id: Mapped[Optional[int]] = mapped_column(ForeignKey("group_rules.id", ondelete="SET NULL"))
    text: Mapped[Optional[str]] = mapped_column(Text)
    proposed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    method: Mapped[str] = mapped_column(String(20))
    deadline: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(10), default=DecisionStatus.OPEN)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # For kind 'method': the way of deciding proposed, and its days for objections.
    new_method: Mapped[Optional[str]] = mapped_column(String(20))
    new_objection_days: Mapped[Optional[int]] = mapped_column()
    # How many members the group had when the proposal was decided: the count shown with its votes.
    members_at_decision: Mapped[Optional[int]] = mapped_column()

    rule = relationship("Rule", foreign_keys=[rule_id], lazy="joined")
    proposed_by = relationship("User", lazy="joined")
    votes: Mapped[list["Vote"]] = relationship(back_populates="proposal", cascade="all, delete-orphan",
                                               passive_deletes=True, lazy="selectin")


class Vote(db.Model):
    """One member's one vote on a proposal; changeable until the decision. A vote outlives its voter's
    account (as "a vote by a former member"), so a decided proposal's count stays true."""

    __tablename__ = "group_votes"
    __table_args__ = (
        UniqueConstraint("proposal_id", "user_id"),
        CheckConstraint("choice IN ('yes', 'no', 'object')", name="choice"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("group_rule_proposals.id", ondelete="CASCADE"))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    choice: Mapped[str] = mapped_column(String(10))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    proposal: Mapped[RuleProposal] = relationship(back_populates="votes")
    user = relationship("User", lazy="joined")
