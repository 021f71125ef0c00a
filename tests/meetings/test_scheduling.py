"""Scheduling: one-off and weekly, time zones and daylight saving, bad input, move, cancel, notifications."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from aftercare.exceptions import PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import Meeting, MeetingSeries
from aftercare.notifications.models import Notification
from aftercare.notifications.services import text_of
from aftercare.timeutil import local_today

OSLO = ZoneInfo("Europe/Oslo")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_weekly_series_keeps_local_time_across_the_october_dst_change():
    # The last Sunday of October 2026 is the 25th: Tuesday 20th is summer time, Tuesday 27th winter time.
    times = services.occurrences(date(2026, 10, 13), time(18, 0), time(19, 30), OSLO, "weekly", 4)
    assert [start.hour for start, _end in times] == [16, 16, 17, 17]  # UTC
    assert all(start.astimezone(OSLO).time() == time(18, 0) for start, _end in times)
    assert all(end.astimezone(OSLO).time() == time(19, 30) for _start, end in times)
    assert all(start.tzinfo == timezone.utc for start, _end in times)


def test_weekly_schedule_stores_utc_and_shows_local_time(app, people, group, schedule):
    meeting = schedule(recurrence="weekly", weeks=12)
    series = meeting.series
    assert len(series.meetings) == 12
    stored = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    assert all(services.local_time(m.starts_at, group).time() == time(18, 0) for m in stored)
    assert stored[1].starts_at.astimezone(OSLO).date() - stored[0].starts_at.astimezone(OSLO).date() == \
        timedelta(days=7)


def test_group_time_zone_is_used(app, people, make_group, make_user):
    leader = make_user()
    group = make_group(leaders=[leader], timezone="America/New_York")
    series = services.schedule(leader, group, first_date=local_today() + timedelta(days=3), start_time=time(9, 0),
                               end_time=time(10, 0), online=True)
    start = series.meetings[0].starts_at
    assert start.astimezone(ZoneInfo("America/New_York")).time() == time(9, 0)
    assert series.meetings[0].online and series.meetings[0].place == ""


@pytest.mark.parametrize("kwargs, field", [
    (dict(start_time=time(19, 0), end_time=time(18, 0)), "end_time"),
    (dict(start_time=time(18, 0), end_time=time(18, 0)), "end_time"),
    (dict(place=""), "place"),
    (dict(first_date="yesterday"), "first_date"),
    (dict(recurrence="weekly", weeks=0), "weeks"),
    (dict(recurrence="monthly"), "recurrence"),
])
def test_bad_schedules_store_nothing(app, people, group, kwargs, field):
    values = dict(first_date=local_today() + timedelta(days=5), start_time=time(18, 0), end_time=time(19, 0),
                  place="Room 2")
    values.update(kwargs)
    if values["first_date"] == "yesterday":
        values["first_date"] = local_today() - timedelta(days=1)
    with pytest.raises(ValidationFailed) as error:
        services.schedule(people["leader"], group, **values)
    assert error.value.field == field and error.value.message
    assert count(MeetingSeries) == 0 and count(Meeting) == 0 and count(Notification) == 0


def test_only_leaders_schedule(app, people, group):
    with pytest.raises(PermissionDenied):
        services.schedule(people["member"], group, first_date=local_today() + timedelta(days=5),
                          start_time=time(18, 0), end_time=time(19, 0), place="x")
    assert count(Meeting) == 0


def test_members_are_notified_of_new_moved_and_cancelled_meetings(app, people, group, schedule):
    meeting = schedule(recurrence="weekly", weeks=3)
    kinds = lambda user: [n.kind for n in db.session.scalars(  # noqa: E731
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]
    assert kinds(people["member"]) == ["meeting_new"] and kinds(people["leader"]) == []
    new_day = meeting.starts_at.astimezone(OSLO).date() + timedelta(days=1)
    services.move_meeting(people["leader"], meeting, on_date=new_day, start_time=time(17, 0), end_time=time(18, 0))
    services.cancel_meeting(people["leader"], meeting)
    assert kinds(people["other"]) == ["meeting_new", "meeting_moved", "meeting_cancelled"]
    moved = db.session.scalars(select(Notification).where(Notification.kind == "meeting_moved")).first()
    assert "17:00" in text_of(moved) and group.name in text_of(moved)
    assert moved.link == f"/groups/{group.id}/meetings/{meeting.id}"


def test_moving_onto_another_occurrence_of_the_series_is_refused(app, people, group, schedule):
    first = schedule(recurrence="weekly", weeks=2)
    second = first.series.meetings[1]
    before = (first.starts_at, first.ends_at, first.moved_at)
    with pytest.raises(ValidationFailed, match="overlaps"):
        services.move_meeting(people["leader"], first, on_date=second.starts_at.astimezone(OSLO).date(),
                              start_time=time(19, 0), end_time=time(20, 0))
    db.session.rollback()
    db.session.refresh(first)
    assert (first.starts_at, first.ends_at, first.moved_at) == before
    assert count(Notification) == 2  # only the "new meeting" ones


def test_moving_into_the_past_or_ending_before_start_is_refused(app, people, group, schedule):
    meeting = schedule()
    with pytest.raises(ValidationFailed):
        services.move_meeting(people["leader"], meeting, on_date=local_today() - timedelta(days=2),
                              start_time=time(18, 0), end_time=time(19, 0))
    with pytest.raises(ValidationFailed):
        services.move_meeting(people["leader"], meeting, on_date=local_today() + timedelta(days=2),
                              start_time=time(18, 0), end_time=time(17, 0))


def test_upcoming_and_past(app, people, group, schedule):
    meeting = schedule()
    later = meeting.ends_at + timedelta(minutes=1)
    assert services.upcoming_meetings(group) == [meeting]
    assert services.upcoming_meetings(group, now=later) == []
    assert services.past_meetings(group, now=later) == [meeting]
    assert datetime.now(timezone.utc) < meeting.starts_at
