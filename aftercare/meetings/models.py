"""Meeting series (one-off or weekly, in the group's local wall-clock time) and their occurrences in UTC."""
import secrets
from datetime import date, datetime, time, timedelta
from typing import Optional

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..groups.models import DecisionStatus
from ..models import UTCDateTime
from ..timeutil import utcnow

RECURRENCES = ("once", "weekly")
# Feedback stays open this long after a meeting ends; results are shown only once it has closed, so that
# no answer can be worked out by looking before and after it arrives.
FEEDBACK_OPEN_FOR = timedelta(hours=48)
ATTENDANCE = ("present", "notice", "absent", "late")


class MeetingSeries(db.Model):
    """What the leader asked for: first date, local start and end time, the zone, and how often."""

    __tablename__ = "meeting_series"
    __table_args__ = (CheckConstraint("recurrence IN ('once', 'weekly')", name="recurrence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    recurrence: Mapped[str] = mapped_column(String(10), default="once")
    first_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(40), default="Europe/Oslo")
    weeks: Mapped[int] = mapped_column(default=1)
    place: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meetings: Mapped[list["Meeting"]] = relationship(back_populates="series", order_by="Meeting.starts_at")


class Meeting(db.Model):
    """One occurrence. Times are UTC; pages show them in the group's zone."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_meetings_group_start", "group_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    series_id: Mapped[int] = mapped_column(ForeignKey("meeting_series.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(default=False)
    cancelled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    moved_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What the reminder sweep has sent (each once): the start time each reminder was about (a moved meeting is
    # reminded again), and when feedback-is-open and the recorder's log reminder went out.
    day_reminder_for: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    hour_reminder_for: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    feedback_announced_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    log_reminder_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    series: Mapped[MeetingSeries] = relationship(back_populates="meetings")
    group = relationship("Group")
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin")

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    def has_started(self, now=None):
        return (now or utcnow()) >= self.starts_at

    def is_over(self, now=None):
        return (now or utcnow()) >= self.ends_at

    def log_may_start(self, now=None):
        """A session log records what happened: it is written once the meeting has begun, and never for a
        cancelled meeting."""
        return not self.is_cancelled and self.has_started(now)

    @property
    def feedback_closes_at(self):
        return self.ends_at + FEEDBACK_OPEN_FOR

    def feedback_closed(self, now=None):
        return (now or utcnow()) >= self.feedback_closes_at


class AgendaItem(db.Model):
    """A topic any member proposes; members upvote; the leader sets `position`."""

    __tablename__ = "meeting_agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    proposed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    position: Mapped[Optional[int]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    proposed_by = relationship("User", lazy="joined")
    votes: Mapped[list["AgendaVote"]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                     lazy="selectin")


class AgendaVote(db.Model):
    __tablename__ = "meeting_agenda_votes"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("meeting_agenda_items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class Attendance(db.Model):
    """One member and one meeting: RSVP, notice of absence (reason for them and leaders), what the leader recorded."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        CheckConstraint("rsvp IS NULL OR rsvp IN ('yes', 'no')", name="rsvp"),
        CheckConstraint("recorded IS NULL OR recorded IN ('present', 'notice', 'absent', 'late')", name="recorded"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rsvp: Mapped[Optional[str]] = mapped_column(String(5))
    notice_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    notice_late: Mapped[bool] = mapped_column(default=False)
    notice_reason: Mapped[str] = mapped_column(Text, default="")
    recorded: Mapped[Optional[str]] = mapped_column(String(10))

    user = relationship("User", lazy="joined")


class CalendarFeed(db.Model):
    """A member's private calendar URL: only the hash of its secret is kept; renewing replaces it."""

    __tablename__ = "meeting_calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


LOG_FIELDS = ("present", "topics", "decisions", "rule_changes", "guests", "next_meeting", "follow_ups")
FREE_TEXT_FIELDS = ("topics", "decisions", "rule_changes", "guests", "next_meeting", "follow_ups")


class MeetingLog(db.Model):
    """The session log (referat) of one meeting: who records it, and when it was published."""

    __tablename__ = "meeting_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    recorder_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    recorder = relationship("User", lazy="joined")
    versions: Mapped[list["MeetingLogVersion"]] = relationship(
        back_populates="log", cascade="all, delete-orphan", passive_deletes=True, order_by="MeetingLogVersion.number")

    @property
    def latest(self):
        return self.versions[-1] if self.versions else None


class MeetingLogVersion(db.Model):
    """Every save is a new version; earlier ones are kept."""

    __tablename__ = "meeting_log_versions"
    __table_args__ = (UniqueConstraint("log_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("meeting_logs.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    present: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    rule_changes: Mapped[str] = mapped_column(Text, default="")
    guests: Mapped[str] = mapped_column(Text, default="")
    next_meeting: Mapped[str] = mapped_column(Text, default="")
    follow_ups: Mapped[str] = mapped_column(Text, default="")
    saved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    log: Mapped[MeetingLog] = relationship(back_populates="versions")
    saved_by = relationship("User", lazy="joined")


class RemovalStatus:
    OPEN = "open"
    REMOVED = "removed"
    DECLINED = "declined"


class RemovalRequest(db.Model):
    """A member asks for a passage concerning them to be taken out of the log; the recorder or a leader acts."""

    __tablename__ = "meeting_log_removal_requests"
    __table_args__ = (CheckConstraint("status IN ('open', 'removed', 'declined')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("meeting_logs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    passage: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=RemovalStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id], lazy="joined")


def _random_id():
    return secrets.token_hex(16)


class FeedbackAnswer(db.Model):
    """Anonymous answers: no person and no time, only the meeting and the two scores. The key is random,
    so the order of answers cannot be matched with the order of FeedbackGiven rows."""

    __tablename__ = "meeting_feedback_answers"
    __table_args__ = (
        CheckConstraint("week_score IS NULL OR week_score BETWEEN 1 AND 10", name="week_score"),
        CheckConstraint("meeting_score IS NULL OR meeting_score BETWEEN 1 AND 10", name="meeting_score"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    week_score: Mapped[Optional[int]] = mapped_column()
    meeting_score: Mapped[Optional[int]] = mapped_column()


class FeedbackGiven(db.Model):
    """Only that a person has answered (to refuse a second answer), never what they answered."""

    __tablename__ = "meeting_feedback_given"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class GuestInvitation(db.Model):
    """A member's proposal to invite a verified professional to one meeting, decided by the group's consent method."""

    __tablename__ = "meeting_guest_invitations"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'adopted', 'rejected', 'withdrawn')", name="status"),
        UniqueConstraint("meeting_id", "professional_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    proposed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(20))
    deadline: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(10), default=DecisionStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    meeting: Mapped[Meeting] = relationship()
    professional = relationship("User", foreign_keys=[professional_id], lazy="joined")
    proposed_by = relationship("User", foreign_keys=[proposed_by_id], lazy="joined")
    votes: Mapped[list["GuestVote"]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                    lazy="selectin")


class GuestVote(db.Model):
    __tablename__ = "meeting_guest_votes"
    __table_args__ = (
        UniqueConstraint("invitation_id", "user_id"),
        CheckConstraint("choice IN ('yes', 'no', 'object')", name="choice"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("meeting_guest_invitations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    choice: Mapped[str] = mapped_column(String(10))
