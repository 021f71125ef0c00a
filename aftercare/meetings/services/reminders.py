"""The reminder sweep for meetings: the day before and an hour before, feedback being open, and the recorder's
log. Each is sent once (the meeting records it) and only by the sweep, never while a page is shown."""
from datetime import timedelta

from sqlalchemy import or_, select

from ...extensions import db
from ...groups.models import Group
from ...notifications.services import notify
from ...timeutil import utcnow
from ..models import Attendance, Meeting, MeetingLog

DAY_BEFORE = timedelta(hours=24)
HOUR_BEFORE = timedelta(hours=1)
# A log still unwritten this long after the meeting ended is waiting for its recorder.
LOG_WAITING_AFTER = timedelta(hours=24)
# Older meetings are not reminded of any more (e.g. a sweep that was off for a long time).
LOG_WAITING_UNTIL = timedelta(days=14)

__all__ = ["send_meeting_reminders", "meeting_about", "feedback_about", "log_about"]


def meeting_about(meeting):
    return f"meeting:{meeting.id}"


def feedback_about(meeting):
    return f"meeting_feedback:{meeting.id}"


def log_about(meeting):
    return f"meeting_log:{meeting.id}"


def _params(meeting):
    group = meeting.group
    return {"group": group.name, "when": meeting.starts_at.isoformat(), "tz": group.timezone}


def _coming_or_unanswered(meeting):
    """Active members who said they would come or have not answered; never those who gave notice or said no."""
    rows = {row.user_id: row for row in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))}
    return [m.user_id for m in meeting.group.active_memberships
            if m.user_id not in rows or (rows[m.user_id].notice_at is None and rows[m.user_id].rsvp != "no")]


def _open_meetings():
    return (select(Meeting).join(Group, Group.id == Meeting.group_id)
            .where(Meeting.cancelled_at.is_(None), Group.phase != "closed").order_by(Meeting.starts_at, Meeting.id))


def _remind(meeting, kind, column, now):
    setattr(meeting, column, meeting.starts_at)
    notify(_coming_or_unanswered(meeting), kind, link=f"/groups/{meeting.group_id}/meetings/{meeting.id}",
           about=meeting_about(meeting), **_params(meeting))


def send_meeting_reminders(now=None):
    """The sweep: each meeting's reminders, feedback notice and log reminder, each once. Commits once; returns
    how many meetings something was sent about."""
    now = now or utcnow()
    hour = db.session.scalars(_open_meetings().where(
        Meeting.starts_at > now, Meeting.starts_at <= now + HOUR_BEFORE,
        or_(Meeting.hour_reminder_for.is_(None), Meeting.hour_reminder_for != Meeting.starts_at))).all()
    for meeting in hour:
        meeting.day_reminder_for = meeting.starts_at  # an hour before, the day-before one is not sent any more
        _remind(meeting, "meeting_reminder_hour", "hour_reminder_for", now)
    day = db.session.scalars(_open_meetings().where(
        Meeting.starts_at > now + HOUR_BEFORE, Meeting.starts_at <= now + DAY_BEFORE,
        or_(Meeting.day_reminder_for.is_(None), Meeting.day_reminder_for != Meeting.starts_at))).all()
    for meeting in day:
        _remind(meeting, "meeting_reminder_day", "day_reminder_for", now)
    feedback = db.session.scalars(_open_meetings().where(
        Meeting.ends_at <= now, Meeting.feedback_announced_at.is_(None))).all()
    for meeting in feedback:
        meeting.feedback_announced_at = now
        if meeting.feedback_closed(now):
            continue  # closed before the sweep came round: nothing to ask
        notify(_coming_or_unanswered(meeting), "feedback_open",
               link=f"/groups/{meeting.group_id}/meetings/{meeting.id}/feedback", about=feedback_about(meeting),
               **_params(meeting))
    logs = db.session.execute(_open_meetings().add_columns(MeetingLog).join(MeetingLog, MeetingLog.meeting_id == Meeting.id)
                              .where(Meeting.ends_at <= now - LOG_WAITING_AFTER,
                                     Meeting.ends_at > now - LOG_WAITING_UNTIL, Meeting.log_reminder_at.is_(None),
                                     MeetingLog.recorder_id.is_not(None), MeetingLog.published_at.is_(None))).all()
    for meeting, log in logs:
        meeting.log_reminder_at = now
        recorder = meeting.group.membership_of(log.recorder_id)
        if recorder is not None and recorder.status == "active":
            notify([log.recorder_id], "log_waiting", link=f"/groups/{meeting.group_id}/meetings/{meeting.id}/log",
                   about=log_about(meeting), **_params(meeting))
    sent = len(hour) + len(day) + len(feedback) + len(logs)
    db.session.commit()
    return sent
