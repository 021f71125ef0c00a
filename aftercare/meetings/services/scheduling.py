"""Scheduling: one-off or weekly series in the group's local time, occurrences in UTC, move and cancel."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select

from ... import policy
from ...exceptions import NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...groups.models import DecisionStatus
from ...notifications.services import notify
from ...timeutil import utcnow
from ..models import GuestInvitation, Meeting, MeetingSeries

HORIZON_WEEKS = 12
MAX_WEEKS = 52
MAX_HOURS = 12


def zone_of(group):
    return ZoneInfo(group.timezone or "Europe/Oslo")


def local_time(moment, group):
    """A UTC moment as wall-clock time in the group's zone."""
    return moment.astimezone(zone_of(group))


def _to_utc(day, clock, zone):
    return datetime.combine(day, clock, tzinfo=zone).astimezone(timezone.utc)


def occurrences(first_date, start_time, end_time, zone, recurrence="once", weeks=1):
    """[(start, end)] in UTC; a weekly series keeps its local wall-clock time across daylight-saving changes.
    Raises ValidationFailed."""
    if end_time <= start_time:
        raise ValidationFailed(_("The meeting must end after it starts."), field="end_time")
    count = 1 if recurrence == "once" else weeks
    if recurrence not in ("once", "weekly"):
        raise ValidationFailed(_("Choose one-off or weekly."), field="recurrence")
    if not 1 <= count <= MAX_WEEKS:
        raise ValidationFailed(_("A weekly series runs for 1 to %(n)d weeks.", n=MAX_WEEKS), field="weeks")
    result = []
    for week in range(count):
        day = first_date + timedelta(weeks=week)
        start, end = _to_utc(day, start_time, zone), _to_utc(day, end_time, zone)
        if end - start > timedelta(hours=MAX_HOURS):
            raise ValidationFailed(_("A meeting lasts at most %(n)d hours.", n=MAX_HOURS), field="end_time")
        result.append((start, end))
    return result


def _check_where(place, online):
    place = (place or "").strip()
    if not online and not place:
        raise ValidationFailed(_("Say where the group meets, or choose the group's chat room."), field="place")
    if len(place) > 200:
        raise ValidationFailed(_("The place is too long (at most 200 characters)."), field="place")
    return "" if online else place


def _member_ids(group, except_id=None):
    return [m.user_id for m in group.active_memberships if m.user_id != except_id]


def _link(meeting):
    return f"/groups/{meeting.group_id}/meetings/{meeting.id}"


def _tell(group, meeting, kind, actor):
    notify(_member_ids(group, actor.id), kind, link=_link(meeting), group=group.name,
           when=meeting.starts_at.isoformat(), tz=group.timezone)
    if kind != "meeting_new":  # an invited guest hears of a move or a cancellation on their own page
        guests = db.session.scalars(select(GuestInvitation.professional_id).where(
            GuestInvitation.meeting_id == meeting.id, GuestInvitation.status == DecisionStatus.ADOPTED)).all()
        notify(guests, kind, link="/guest", group=group.name, when=meeting.starts_at.isoformat(), tz=group.timezone)


def schedule(user, group, *, first_date, start_time, end_time, recurrence="once", weeks=HORIZON_WEEKS,
             place="", online=False, now=None):
    """Create a series and its occurrences; members are notified. Nothing is stored on bad input.
    Raises PermissionDenied, ValidationFailed."""
    if not policy.can_schedule_meetings(user, group):
        raise PermissionDenied()
    place = _check_where(place, online)
    zone = zone_of(group)
    times = occurrences(first_date, start_time, end_time, zone, recurrence, weeks)
    if times[0][0] <= (now or utcnow()):
        raise ValidationFailed(_("Choose a time in the future."), field="first_date")
    _check_no_overlap(times)
    series = MeetingSeries(group_id=group.id, recurrence=recurrence, first_date=first_date, start_time=start_time,
                           end_time=end_time, timezone=group.timezone, weeks=len(times), place=place,
                           online=bool(online), created_by_id=user.id)
    series.meetings = [Meeting(group_id=group.id, starts_at=start, ends_at=end, place=place, online=bool(online))
                       for start, end in times]
    db.session.add(series)
    db.session.flush()
    _tell(group, series.meetings[0], "meeting_new", user)
    db.session.commit()
    return series


def _check_no_overlap(times, others=()):
    spans = sorted(list(times) + list(others))
    for (_start, end), (next_start, _end) in zip(spans, spans[1:]):
        if next_start < end:
            raise ValidationFailed(_("This overlaps another meeting of the same series."), field="start_time")


def move_meeting(user, meeting, *, on_date, start_time, end_time, place=None, online=None, now=None):
    """Move one occurrence (the rest of its series stays); members are notified.
    Raises PermissionDenied, ValidationFailed."""
    group = meeting.group
    if not policy.can_schedule_meetings(user, group) or meeting.is_cancelled:
        raise PermissionDenied()
    zone = zone_of(group)
    (start, end), = occurrences(on_date, start_time, end_time, zone)
    if start <= (now or utcnow()):
        raise ValidationFailed(_("Choose a time in the future."), field="on_date")
    others = [(m.starts_at, m.ends_at) for m in meeting.series.meetings if m.id != meeting.id and not m.is_cancelled]
    _check_no_overlap([(start, end)], others)
    if online is not None:
        meeting.place = _check_where(place, online)
        meeting.online = bool(online)
    meeting.starts_at, meeting.ends_at, meeting.moved_at = start, end, utcnow()
    _tell(group, meeting, "meeting_moved", user)
    db.session.commit()
    return meeting


def cancel_meeting(user, meeting):
    """A leader cancels one meeting; members are told. Raises PermissionDenied."""
    if not policy.can_schedule_meetings(user, meeting.group):
        raise PermissionDenied()
    if meeting.is_cancelled:
        return meeting
    meeting.cancelled_at = utcnow()
    _tell(meeting.group, meeting, "meeting_cancelled", user)
    db.session.commit()
    return meeting


def get_meeting(user, group, meeting_id):
    """A meeting of this group for one of its members; NotFound for everyone else."""
    meeting = db.session.get(Meeting, meeting_id) if isinstance(meeting_id, int) else None
    if meeting is None or meeting.group_id != group.id or not policy.can_view_meetings(user, group):
        raise NotFound()
    return meeting


def upcoming_meetings(group, now=None, limit=None):
    query = (select(Meeting).where(Meeting.group_id == group.id, Meeting.ends_at > (now or utcnow()))
             .order_by(Meeting.starts_at))
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).all()


def past_meetings(group, now=None, limit=20):
    return db.session.scalars(select(Meeting).where(Meeting.group_id == group.id, Meeting.ends_at <= (now or utcnow()))
                              .order_by(Meeting.starts_at.desc()).limit(limit)).all()


def next_meeting(group, now=None):
    """The next meeting that is not cancelled and not over, or None."""
    return db.session.scalar(select(Meeting).where(Meeting.group_id == group.id, Meeting.cancelled_at.is_(None),
                                                   Meeting.ends_at > (now or utcnow()))
                             .order_by(Meeting.starts_at).limit(1))


def meetings_around(group, now=None, margin=timedelta(minutes=30)):
    """The group's meetings happening now (give or take `margin`), earliest first: the ones a live chat
    meeting may be linked to."""
    now = now or utcnow()
    return db.session.scalars(select(Meeting).where(
        Meeting.group_id == group.id, Meeting.cancelled_at.is_(None), Meeting.starts_at <= now + margin,
        Meeting.ends_at > now - margin).order_by(Meeting.starts_at, Meeting.id)).all()


def meeting_around(group, now=None, margin=timedelta(minutes=30)):
    """The group's meeting happening now (the earliest, when two overlap), for linking a live chat meeting."""
    around = meetings_around(group, now, margin)
    return around[0] if around else None
