"""Notifications and their delivery: one notification for one person (its text is built from `kind` and
`params` in the reader's language), the devices that receive pushes, the outbox of deliveries still to
make, and each person's choices about what reaches them outside the app."""
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),
                      Index("ix_notifications_user_about", "user_id", "about"),
                      # The newest first, page by page (the list and the my-data page).
                      Index("ix_notifications_user_created", "user_id", "created_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300), default="")
    # What the person is asked to act on ("match_proposal:12"); acting on it takes the notification out of "new".
    about: Mapped[Optional[str]] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # Kinds that stay on the home page until dismissed ("your time-giver has left") are dismissed here.
    dismissed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())


class DeliveryChannel:
    PUSH = "push"


class DeliveryState:
    PENDING = "pending"
    # The attempt has begun: after a crash it is never made again (at most once per device).
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # Not sent on purpose: the person paused everything, or turned the kind's category off meanwhile.
    SKIPPED = "skipped"


class PushSubscription(db.Model):
    """One browser on one device that receives pushes, tied to the login it was turned on in: logging out
    there removes it."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    login_session_id: Mapped[Optional[int]] = mapped_column(ForeignKey("login_sessions.id", ondelete="CASCADE"),
                                                            index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    login_session = relationship("LoginSession")


class Delivery(db.Model):
    """The outbox: one notification to deliver once over one channel (to one device, for push). Written in
    the transaction that made the notification; the sender claims due rows and records each outcome."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (UniqueConstraint("notification_id", "channel", "subscription_id",
                                       name="uq_notification_deliveries_once"),
                      Index("ix_notification_deliveries_due", "state", "due_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10), default=DeliveryChannel.PUSH)
    subscription_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("push_subscriptions.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(10), default=DeliveryState.PENDING)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(SmallInteger(), default=0)
    # Which sender holds the row, and until when; a sender that died lets go when this passes.
    claimed_by: Mapped[Optional[str]] = mapped_column(String(40))
    claimed_until: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # An error class or an HTTP status, never a payload.
    last_error: Mapped[str] = mapped_column(String(80), default="")

    notification: Mapped[Notification] = relationship()
    subscription: Mapped[Optional[PushSubscription]] = relationship()


QUIET_FROM_HOUR, QUIET_UNTIL_HOUR = 22, 8
DEFAULT_TIME_ZONE = "Europe/Oslo"


class NotificationChoices(db.Model):
    """What reaches a person outside the app. Without a row the defaults hold: every category, quiet from
    22 to 08 in Oslo time, no detail on the lock screen."""

    __tablename__ = "notification_choices"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    push_group: Mapped[bool] = mapped_column(default=True)
    push_meetings: Mapped[bool] = mapped_column(default=True)
    push_time_giver: Mapped[bool] = mapped_column(default=True)
    push_network: Mapped[bool] = mapped_column(default=True)
    # Quiet hours in the person's time zone; the same hour twice means none.
    quiet_from: Mapped[int] = mapped_column(SmallInteger(), default=QUIET_FROM_HOUR)
    quiet_until: Mapped[int] = mapped_column(SmallInteger(), default=QUIET_UNTIL_HOUR)
    time_zone: Mapped[str] = mapped_column(String(60), default=DEFAULT_TIME_ZONE)
    paused_until: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # The lock screen says only "You have something new" unless the person chose to see what it is.
    show_detail: Mapped[bool] = mapped_column(default=False)
