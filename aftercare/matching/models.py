"""Time-givers, participants' requests, proposals, matches and meet-ups."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class TimeGiverState:
    APPLIED = "applied"
    DECLINED = "declined"
    APPROVED = "approved"
    ACTIVE = "active"
    PAUSED = "paused"
    RETIRED = "retired"

    ALL = (APPLIED, DECLINED, APPROVED, ACTIVE, PAUSED, RETIRED)
    VETTED = (APPROVED, ACTIVE, PAUSED)


class RequestState:
    WAITING = "waiting"
    PROPOSED = "proposed"
    MATCHED = "matched"
    ENDED = "ended"
    WITHDRAWN = "withdrawn"

    ALL = (WAITING, PROPOSED, MATCHED, ENDED, WITHDRAWN)
    OPEN = (WAITING, PROPOSED, MATCHED)


class ProposalState:
    AWAITING_PARTICIPANT = "awaiting_participant"
    AWAITING_TIME_GIVER = "awaiting_time_giver"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    ALL = (AWAITING_PARTICIPANT, AWAITING_TIME_GIVER, ACCEPTED, DECLINED, WITHDRAWN)
    PENDING = (AWAITING_PARTICIPANT, AWAITING_TIME_GIVER)


def _in(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class TimeGiver(db.Model):
    """A volunteer's application and, once approved, their time-giver profile.

    Vetting keeps no documents: for the police certificate only who saw it, when, and when it expires.
    `places_taken` counts pending proposals and active matches; it is changed only by conditional
    updates, so two coordinators cannot both take the last place.
    """

    __tablename__ = "time_givers"
    __table_args__ = (
        CheckConstraint(_in("state", TimeGiverState.ALL), name="state"),
        CheckConstraint("capacity BETWEEN 1 AND 3", name="capacity"),
        CheckConstraint("places_taken >= 0", name="places_taken"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    state: Mapped[str] = mapped_column(String(12), default=TimeGiverState.APPLIED)

    motivation: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[list] = mapped_column(JSON, default=list)
    activities: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    area: Mapped[str] = mapped_column(String(80), default="")
    district: Mapped[Optional[str]] = mapped_column(String(80))
    # Weekly slots as "weekday-part", e.g. "1-evening" for Tuesday evenings (weekday 0 is Monday).
    availability: Mapped[list] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(default=1)
    places_taken: Mapped[int] = mapped_column(default=0)
    gender: Mapped[Optional[str]] = mapped_column(String(20))
    boundaries: Mapped[str] = mapped_column(Text, default="")
    # How the coordinators may reach the applicant (a phone number, an e-mail address, when it suits): for the
    # coordinators and the volunteer only, never for a participant; it goes with the application.
    contact_for_coordinators: Mapped[str] = mapped_column(String(200), default="", server_default="")
    declaration_version: Mapped[str] = mapped_column(String(10), default="")
    declaration_signed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    interview_on: Mapped[Optional[date]] = mapped_column(Date)
    interview_recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    training_on: Mapped[Optional[date]] = mapped_column(Date)
    training_recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    certificate_seen_on: Mapped[Optional[date]] = mapped_column(Date)
    certificate_seen_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    certificate_expires_on: Mapped[Optional[date]] = mapped_column(Date)
    # The expiry date the time-giver and the coordinators were last warned about (each warning is sent once).
    certificate_warned_for: Mapped[Optional[date]] = mapped_column(Date)

    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Written by the coordinator when declining; the applicant reads it.
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    interview_recorded_by = relationship("User", foreign_keys=[interview_recorded_by_id])
    training_recorded_by = relationship("User", foreign_keys=[training_recorded_by_id])
    certificate_seen_by = relationship("User", foreign_keys=[certificate_seen_by_id])

    @property
    def is_vetted(self):
        return self.state in TimeGiverState.VETTED

    @property
    def is_active(self):
        return self.state == TimeGiverState.ACTIVE

    @property
    def free_places(self):
        return max(self.capacity - self.places_taken, 0)


class TimeGiverRequest(db.Model):
    """A participant's request for a time-giver, with what they chose to share with whom.

    `open_participant_id` equals `participant_id` while the request is open (waiting, proposed or
    matched) and is NULL otherwise; its unique constraint allows one open request per participant.
    """

    __tablename__ = "time_giver_requests"
    __table_args__ = (
        CheckConstraint(_in("state", RequestState.ALL), name="state"),
        Index("ix_time_giver_requests_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    open_participant_id: Mapped[Optional[int]] = mapped_column(unique=True)
    state: Mapped[str] = mapped_column(String(12), default=RequestState.WAITING)

    wishes: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[list] = mapped_column(JSON, default=list)
    interests: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    area: Mapped[str] = mapped_column(String(80), default="")
    district: Mapped[Optional[str]] = mapped_column(String(80))
    availability: Mapped[list] = mapped_column(JSON, default=list)
    preferred_gender: Mapped[Optional[str]] = mapped_column(String(20))
    # "Not someone I know from before": names (matched against time-givers) and a free note.
    avoid_names: Mapped[list] = mapped_column(JSON, default=list)
    avoid_note: Mapped[str] = mapped_column(Text, default="")
    # "Not from my own neighbourhood": in a small place a time-giver from the same district may know her,
    # and being seen together there says she is being accompanied.
    avoid_own_neighbourhood: Mapped[bool] = mapped_column(default=False, server_default=false())
    shared_with_coordinator: Mapped[list] = mapped_column(JSON, default=list)
    shared_with_time_giver: Mapped[list] = mapped_column(JSON, default=list)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    participant = relationship("User", foreign_keys=[participant_id], lazy="joined")

    @property
    def is_open(self):
        return self.state in RequestState.OPEN

    @property
    def can_be_withdrawn(self):
        return self.state in (RequestState.WAITING, RequestState.PROPOSED)


class Proposal(db.Model):
    """A coordinator's proposal of one time-giver for one request: the participant answers first,
    then the time-giver. Which side declined is not stored."""

    __tablename__ = "time_giver_proposals"
    __table_args__ = (
        CheckConstraint(_in("state", ProposalState.ALL), name="state"),
        Index("ix_time_giver_proposals_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("time_giver_requests.id", ondelete="CASCADE"), index=True)
    time_giver_id: Mapped[int] = mapped_column(ForeignKey("time_givers.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(24), default=ProposalState.AWAITING_PARTICIPANT)
    proposed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    request = relationship("TimeGiverRequest", lazy="joined")
    time_giver = relationship("TimeGiver", lazy="joined")

    @property
    def awaits_participant(self):
        return self.state == ProposalState.AWAITING_PARTICIPANT

    @property
    def awaits_time_giver(self):
        return self.state == ProposalState.AWAITING_TIME_GIVER

    @property
    def is_pending(self):
        return self.state in ProposalState.PENDING


class Match(db.Model):
    """A participant and a time-giver who both said yes. Why it ended is never stored."""

    __tablename__ = "time_giver_matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("time_giver_requests.id", ondelete="CASCADE"), unique=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    time_giver_id: Mapped[int] = mapped_column(ForeignKey("time_givers.id", ondelete="CASCADE"), index=True)
    # The pair's private chat channel.
    channel_id: Mapped[Optional[int]] = mapped_column(ForeignKey("chat_channels.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The check-in: on this date both are asked, separately, whether to go on.
    check_in_due_on: Mapped[date] = mapped_column(Date)
    participant_checked_in_for: Mapped[Optional[date]] = mapped_column(Date)
    time_giver_checked_in_for: Mapped[Optional[date]] = mapped_column(Date)
    # The check-in date both were told about (each check-in is announced once).
    check_in_announced_for: Mapped[Optional[date]] = mapped_column(Date)
    # The quiet-match follow-up (see quiet.py): the time-giver was reminded privately on `quiet_nudged_on`
    # that nothing has been logged since `quiet_since`; the coordinator is shown it only if it stays quiet.
    quiet_since: Mapped[Optional[date]] = mapped_column(Date)
    quiet_nudged_on: Mapped[Optional[date]] = mapped_column(Date)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    ended_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # An optional goodbye from the person who ended it, shown only to the other person.
    farewell: Mapped[str] = mapped_column(Text, default="")

    request = relationship("TimeGiverRequest")
    participant = relationship("User", foreign_keys=[participant_id], lazy="joined")
    time_giver = relationship("TimeGiver", lazy="joined")

    @property
    def is_active(self):
        return self.ended_at is None

    @property
    def time_giver_user_id(self):
        return self.time_giver.user_id


class MeetUp(db.Model):
    """One logged meet-up: date and activity for the pair; the note is private to its writer."""

    __tablename__ = "time_giver_meetups"
    __table_args__ = (Index("ix_time_giver_meetups_match_met_on", "match_id", "met_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("time_giver_matches.id", ondelete="CASCADE"))
    written_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    met_on: Mapped[date] = mapped_column(Date)
    activity: Mapped[str] = mapped_column(String(80))
    private_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    written_by = relationship("User", lazy="joined")
