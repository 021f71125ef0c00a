"""Reactions, reports to the group's leaders, and moderation by those leaders."""
from datetime import timedelta


from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...notifications.services import acted_on, notify
from ...timeutil import utcnow
from .guests import guest_visit
from .reading import may_see_message, readable_by
from ..models import REACTIONS, Channel, Message, Mute, Reaction, Report

# --- reactions and reports ---

def get_message(user, message_id):
    """A message and its channel, when the user may see it. Raises NotFound."""
    message = db.session.get(Message, message_id) if isinstance(message_id, int) else None
    if message is None:
        raise NotFound()
    channel = db.session.get(Channel, message.channel_id)
    if not may_see_message(user, readable_by(user, channel), message):  # a guest: their meeting's only
        raise NotFound()
    return message, channel


def toggle_reaction(user, message, channel, kind):
    """Add the reaction, or take it back if the user already gave it. Raises PermissionDenied,
    ValidationFailed."""
    if kind not in REACTIONS:
        raise ValidationFailed(_l("Unknown reaction."))
    if not policy.can_react_in_channel(user, channel, guest_visit(user, channel)) or message.hidden_at is not None:
        raise PermissionDenied(_l("You cannot react here."))
    existing = db.session.scalar(select(Reaction).where(Reaction.message_id == message.id,
                                                        Reaction.user_id == user.id, Reaction.kind == kind))
    if existing is None:
        db.session.add(Reaction(message_id=message.id, user_id=user.id, kind=kind))
    else:
        db.session.delete(existing)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    db.session.refresh(message)
    return message


def report_message(user, message, channel, reason=""):
    """Report a message to the group's leaders. Reporting twice keeps one report. Raises PermissionDenied."""
    if channel.kind != "group" or not policy.can_report_in_channel(user, channel, guest_visit(user, channel)):
        raise PermissionDenied(_l("You cannot report messages here."))
    reason = (reason or "").strip()[:500]
    db.session.add(Report(message_id=message.id, reporter_id=user.id, reason=reason))
    _tell_leaders_of_report(user, channel)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def open_reports(user, channel):
    """The channel's unhandled reports, for its leaders. Raises NotFound."""
    if not policy.can_moderate_channel(user, channel):
        raise NotFound()
    return db.session.scalars(select(Report).join(Message).where(
        Message.channel_id == channel.id, Report.resolved_at.is_(None)).order_by(Report.created_at)).all()


def resolve_report(user, report_id):
    """A leader marks a report as handled. Raises NotFound."""
    report = db.session.get(Report, report_id) if isinstance(report_id, int) else None
    if report is None:
        raise NotFound()
    channel = db.session.get(Channel, report.message.channel_id)
    if not policy.can_moderate_channel(user, channel):
        raise NotFound()
    if report.resolved_at is None:
        report.resolved_at, report.resolved_by_id = utcnow(), user.id
        db.session.flush()
        if not open_reports(user, channel):
            acted_on([m.user_id for m in channel.group.leaders], _reports_about(channel))
        db.session.commit()
    return report


def _reports_about(channel):
    return f"chat_reports:{channel.id}"


def _tell_leaders_of_report(reporter, channel):
    """The group's leaders are told at once (in the live chat too, by the caller's broadcast); never who
    reported or why, which they read on the reports page."""
    group = channel.group
    notify([m.user_id for m in group.leaders if m.user_id != reporter.id], "message_reported",
           link=f"/chat/{channel.id}/reports", about=_reports_about(channel), group=group.name)


# --- moderation by the group's own leaders ---

def _moderated(user, channel):
    if not policy.can_moderate_channel(user, channel):
        raise PermissionDenied(_l("Only the group's leaders can do this."))


def hide_message(user, message, channel, reason):
    """Hide a message: others see "removed by a leader", the author sees the reason.
    Raises PermissionDenied, ValidationFailed."""
    _moderated(user, channel)
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise ValidationFailed(_l("Tell the author why, in at most 300 characters."), field="reason")
    if message.hidden_at is None:
        message.hidden_at, message.hidden_by_id, message.hidden_reason = utcnow(), user.id, reason
        db.session.commit()
    return message


def moderate_channel(user, channel, paused=None, slow_mode_seconds=None):
    """Pause or open the chat and/or set slow mode (None leaves a setting as it is), in one commit.
    Raises PermissionDenied, ValidationFailed."""
    _moderated(user, channel)
    if slow_mode_seconds is not None:
        if type(slow_mode_seconds) is not int or not 0 <= slow_mode_seconds <= 600:
            raise ValidationFailed(_l("Slow mode is between 0 and 600 seconds."))
        channel.slow_mode_seconds = slow_mode_seconds
    if paused is not None:
        if type(paused) is not bool:
            raise ValidationFailed(_l("Choose whether the chat is paused."))
        channel.paused = paused
    db.session.commit()


def set_paused(user, channel, paused):
    """A leader pauses or resumes the chat. Raises PermissionDenied."""
    _moderated(user, channel)
    channel.paused = bool(paused)
    db.session.commit()


def set_slow_mode(user, channel, seconds):
    """A leader sets the seconds between one person's messages (0: off). Raises PermissionDenied,
    ValidationFailed."""
    _moderated(user, channel)
    seconds = int(seconds)
    if not 0 <= seconds <= 600:
        raise ValidationFailed(_l("Slow mode is between 0 and 600 seconds."))
    channel.slow_mode_seconds = seconds
    db.session.commit()


def mute_author(user, message, channel, now=None):
    """Mute a message's author for the rest of the meeting (the group's meeting length from now).
    Raises NotFound."""
    from ...accounts.models import User

    from .live import current_live

    now = now or utcnow()
    member = db.session.get(User, message.author_id) if message.author_id else None
    if member is None:
        raise NotFound()
    # Until the live meeting is closed (closing lifts it), else for one meeting's length.
    until = now + timedelta(days=1) if current_live(channel) else now + timedelta(minutes=channel.group.meeting_minutes)
    mute_member(user, channel, member, until)


def mute_member(user, channel, member, until):
    """Mute a member until `until` (the end of the meeting). Raises NotFound, PermissionDenied,
    ValidationFailed."""
    _moderated(user, channel)
    if member.id == user.id or policy.can_moderate_channel(member, channel):
        raise ValidationFailed(_l("Leaders cannot be muted."))
    if not policy.can_read_channel(member, channel, guest_visit(member, channel)):
        raise NotFound()
    db.session.add(Mute(channel_id=channel.id, user_id=member.id, muted_by_id=user.id, until=until))
    db.session.commit()

