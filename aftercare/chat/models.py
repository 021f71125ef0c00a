"""Chat channels, their numbered messages, reactions, reports and read markers."""
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow
from . import rooms

REACTIONS = ("heart", "thanks", "strong")
MAX_BODY = 2000


class Channel(db.Model):
    """A conversation. kind 'group': the group's channel; kind 'pair': a time-giver and a participant."""

    __tablename__ = "chat_channels"
    __table_args__ = (
        CheckConstraint("kind IN ('group', 'pair')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), unique=True)
    pair_a_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    pair_b_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The sequence number of the newest message; each message takes the next one.
    last_seq: Mapped[int] = mapped_column(default=0)
    paused: Mapped[bool] = mapped_column(default=False)
    slow_mode_seconds: Mapped[int] = mapped_column(default=0)
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    group = relationship("Group", foreign_keys=[group_id], lazy="joined")

    @property
    def room(self):
        """The Socket.IO room every member reading this channel is in; chosen by the server only."""
        return rooms.channel_room(self.id)

    def meeting_room(self, meeting_id):
        return rooms.meeting_room(self.id, meeting_id)


class Message(db.Model):
    __tablename__ = "chat_messages"
    __table_args__ = (
        UniqueConstraint("channel_id", "seq"),
        # A resend after a lost acknowledgement carries the same client id and is not stored twice.
        UniqueConstraint("author_id", "client_id"),
        Index("ix_chat_messages_channel_created", "channel_id", "created_at"),
        # The posting limit and slow mode count a person's own recent messages.
        Index("ix_chat_messages_author_created", "author_id", "created_at"),
        # A guest professional reads only their meeting's messages.
        Index("ix_chat_messages_meeting", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("chat_channels.id", ondelete="CASCADE"))
    seq: Mapped[int]
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    client_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    hidden_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    hidden_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_reason: Mapped[Optional[str]] = mapped_column(String(300))
    # The meeting it was posted in: that of the live session open then; with none open, the one meeting
    # with a guest whose guest window alone holds that moment (chat.services.guests.meeting_now). A guest
    # professional reads these and nothing else.
    meeting_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))

    author = relationship("User", foreign_keys=[author_id], lazy="joined")
    reactions = relationship("Reaction", back_populates="message", cascade="all, delete-orphan",
                             passive_deletes=True, lazy="selectin")


class Reaction(db.Model):
    __tablename__ = "chat_reactions"
    __table_args__ = (UniqueConstraint("message_id", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("chat_messages.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))

    message = relationship("Message", back_populates="reactions")


class Report(db.Model):
    """A member's report of a message; it reaches the group's leaders, never the admins."""

    __tablename__ = "chat_reports"
    __table_args__ = (UniqueConstraint("message_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("chat_messages.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    message = relationship("Message", lazy="joined")


class ReadMarker(db.Model):
    """How far a person has read a channel: unread count = newer messages by others."""

    __tablename__ = "chat_read_markers"
    __table_args__ = (UniqueConstraint("channel_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("chat_channels.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_read_seq: Mapped[int] = mapped_column(default=0)
    # The last message the member was told about while away ("new messages in your group"); nothing more is
    # sent until they have read that far.
    away_notified_seq: Mapped[int] = mapped_column(default=0)


class Mute(db.Model):
    """A leader muted a member in a channel until `until` (e.g. the end of the meeting)."""

    __tablename__ = "chat_mutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("chat_channels.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    muted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    until: Mapped[datetime] = mapped_column(UTCDateTime())


# A presence row not refreshed for this long no longer counts as being in the chat.
PRESENCE_STALE = timedelta(minutes=3)


class Presence(db.Model):
    """One open socket reading one channel. Shared by every app process, so presence and ejection
    work across processes; rows of a crashed process fade out by `seen_at`."""

    __tablename__ = "chat_presence"
    __table_args__ = (UniqueConstraint("sid", "channel_id"), Index("ix_chat_presence_channel", "channel_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    sid: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("chat_channels.id", ondelete="CASCADE"))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LiveMeeting(db.Model):
    """A meeting held live in the group's channel: a raise-hand queue and who has the floor."""

    __tablename__ = "chat_live_meetings"
    __table_args__ = (Index("ix_chat_live_meetings_open", "channel_id", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("chat_channels.id", ondelete="CASCADE"))
    meeting_id: Mapped[Optional[int]] = mapped_column()
    opened_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    floor_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    floor_user = relationship("User", foreign_keys=[floor_user_id], lazy="joined")
    hands: Mapped[list["RaisedHand"]] = relationship(
        back_populates="live", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
        order_by="RaisedHand.raised_at")

    @property
    def queue(self):
        """Raised hands still up, in the order they went up."""
        return [hand for hand in self.hands if hand.lowered_at is None]


class RaisedHand(db.Model):
    __tablename__ = "chat_raised_hands"

    id: Mapped[int] = mapped_column(primary_key=True)
    live_id: Mapped[int] = mapped_column(ForeignKey("chat_live_meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    lowered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    live: Mapped[LiveMeeting] = relationship(back_populates="hands")
    user = relationship("User", lazy="joined")
