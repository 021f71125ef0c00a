"""Meeting series (one-off or weekly, in the group's local wall-clock time) and their occurrences in UTC."""
from datetime import date, datetime, time
from typing import Optional

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow

RECURRENCES = ("once", "weekly")
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
