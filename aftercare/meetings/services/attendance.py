"""RSVP, notice of absence and the attendance the leaders record (never shown as a score).

Attendance is recorded only in a group that chose to; the member sees her own record, and every
attendance row (RSVP, notice, record) is deleted 90 days after its meeting."""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import PermissionDenied, ValidationFailed
from ...extensions import db
from ...notifications.services import acted_on, notify
from ...timeutil import utcnow
from ..models import ATTENDANCE, Attendance, Meeting

ATTENDANCE_KEPT_FOR = timedelta(days=90)


def my_attendance(user, meeting):
    return db.session.scalar(select(Attendance).where(Attendance.meeting_id == meeting.id,
                                                      Attendance.user_id == user.id))


def _row(user, meeting):
    row = my_attendance(user, meeting)
    if row is None:
        row = Attendance(meeting_id=meeting.id, user_id=user.id)
        db.session.add(row)
    return row


def _commit_or_retry(retry):
    """Two first answers at once both insert a row; the loser retries on the winner's row."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return retry()
    return None


def _answered(user, meeting):
    """The person answered: the meeting's reminders are done with (the new row is flushed with the commit,
    where a lost race is retried)."""
    with db.session.no_autoflush:
        acted_on([user.id], f"meeting:{meeting.id}")


def attendance_rows(meeting):
    return db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)).all()


def rsvp(user, meeting, answer, now=None, _retried=False):
    """A member says whether they come (yes or no). Raises PermissionDenied, ValidationFailed."""
    if answer not in ("yes", "no"):
        raise ValidationFailed(_("Answer yes or no."))
    if meeting.is_over(now) or meeting.is_cancelled:
        raise ValidationFailed(_("This meeting is over or cancelled."))
    if not policy.can_give_notice(user, meeting):
        raise PermissionDenied()
    row = _row(user, meeting)
    row.rsvp = answer
    if answer == "yes":  # coming after all: the notice of absence is withdrawn
        row.notice_at, row.notice_late, row.notice_reason = None, False, ""
    _answered(user, meeting)
    if _retried:
        db.session.commit()
        return row
    return _commit_or_retry(lambda: rsvp(user, meeting, answer, now, _retried=True)) or row


def give_notice(user, meeting, reason="", now=None, _retried=False):
    """Notice of absence; after the start it counts as late notice; never for a past or cancelled meeting.
    Raises PermissionDenied, ValidationFailed."""
    now = now or utcnow()
    if meeting.is_over(now):
        raise ValidationFailed(_("This meeting is over; notice of absence can no longer be given."))
    if meeting.is_cancelled:
        raise ValidationFailed(_("This meeting is cancelled."))
    if not policy.can_give_notice(user, meeting):
        raise PermissionDenied()
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationFailed(_("The reason is too long (at most 500 characters)."), field="reason")
    row = _row(user, meeting)
    if row.notice_at is None:
        group = meeting.group
        notify([m.user_id for m in group.leaders if m.user_id != user.id], "notice_given",
               link=f"/groups/{group.id}/meetings/{meeting.id}", name=user.display_name, group=group.name,
               when=meeting.starts_at.isoformat(), tz=group.timezone)
    row.notice_at, row.notice_late, row.notice_reason, row.rsvp = now, meeting.has_started(now), reason, "no"
    _answered(user, meeting)
    if _retried:
        db.session.commit()
        return row
    return _commit_or_retry(lambda: give_notice(user, meeting, reason, now, _retried=True)) or row


def record_attendance(user, meeting, statuses):
    """statuses: {user_id: 'present' | 'notice' | 'absent' | 'late'} for active members.

    Raises PermissionDenied unless the user leads a group that records attendance, ValidationFailed."""
    if not policy.can_record_attendance(user, meeting.group) or meeting.is_cancelled:
        raise PermissionDenied()
    members = {m.user_id for m in meeting.group.active_memberships}
    for user_id, status in statuses.items():
        if user_id not in members or status not in ATTENDANCE:
            raise ValidationFailed(_("Choose present, notice given, absent without notice or late."))
    existing = {row.user_id: row for row in attendance_rows(meeting)}
    for user_id, status in statuses.items():
        row = existing.get(user_id)
        if row is None:
            row = Attendance(meeting_id=meeting.id, user_id=user_id)
            db.session.add(row)
        row.recorded = status
    db.session.commit()


def set_attendance_recording(user, group, on):
    """Start or stop recording attendance in the group; stopping deletes what was recorded.

    Raises PermissionDenied unless the user leads the group."""
    if not policy.can_choose_attendance_recording(user, group):
        raise PermissionDenied()
    group.records_attendance = bool(on)
    if not on:
        meeting_ids = select(Meeting.id).where(Meeting.group_id == group.id)
        db.session.execute(update(Attendance).where(Attendance.meeting_id.in_(meeting_ids))
                           .values(recorded=None).execution_options(synchronize_session=False))
    db.session.commit()


def purge_old_attendance(now=None):
    """Delete the attendance rows of meetings that ended more than 90 days ago. Safe to run twice."""
    cutoff = (now or utcnow()) - ATTENDANCE_KEPT_FOR
    old_meetings = select(Meeting.id).where(Meeting.ends_at <= cutoff)
    result = db.session.execute(delete(Attendance).where(Attendance.meeting_id.in_(old_meetings))
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount
