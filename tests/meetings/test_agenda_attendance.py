"""Agenda topics and votes, RSVP, notice of absence (late, past) and attendance."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftercare.exceptions import PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import AgendaItem, AgendaVote, Attendance


def test_members_propose_and_upvote_once_and_leader_orders(app, people, group, schedule):
    meeting = schedule()
    first = services.propose_item(people["member"], meeting, "Holidays")
    second = services.propose_item(people["other"], meeting, "Talking with children")
    assert services.toggle_vote(people["member"], second) is True
    assert services.toggle_vote(people["leader"], second) is True
    assert [item.text for item in services.agenda(meeting)] == ["Talking with children", "Holidays"]
    assert services.toggle_vote(people["member"], second) is False  # pressing again takes it back
    assert db.session.scalar(select(func.count()).select_from(AgendaVote)) == 1
    services.order_agenda(people["leader"], meeting, [first.id, second.id])
    assert [item.text for item in services.agenda(meeting)] == ["Holidays", "Talking with children"]
    with pytest.raises(PermissionDenied):
        services.order_agenda(people["member"], meeting, [second.id, first.id])
    with pytest.raises(ValidationFailed):
        services.order_agenda(people["leader"], meeting, [first.id, first.id])


def test_one_vote_per_member_is_enforced_by_the_database(app, people, group, schedule):
    meeting = schedule()
    item = services.propose_item(people["member"], meeting, "Holidays")
    db.session.add_all([AgendaVote(item_id=item.id, user_id=people["other"].id),
                        AgendaVote(item_id=item.id, user_id=people["other"].id)])
    with pytest.raises(Exception):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("text", ["", "   ", "x" * 301])
def test_bad_topics_store_nothing(app, people, group, schedule, text):
    meeting = schedule()
    with pytest.raises(ValidationFailed):
        services.propose_item(people["member"], meeting, text)
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 0


def test_no_topics_on_cancelled_meetings_and_not_from_outsiders(app, people, group, schedule):
    meeting = schedule()
    with pytest.raises(PermissionDenied):
        services.propose_item(people["outsider"], meeting, "Hello")
    services.cancel_meeting(people["leader"], meeting)
    with pytest.raises(ValidationFailed, match="cancelled"):
        services.propose_item(people["member"], meeting, "Holidays")
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 0


def test_notice_before_start_late_after_start_refused_after_end(app, people, group, schedule):
    meeting = schedule()
    row = services.give_notice(people["member"], meeting, "Sick")
    assert not row.notice_late and row.notice_reason == "Sick"
    late = services.give_notice(people["other"], meeting, "", now=meeting.starts_at + timedelta(minutes=10))
    assert late.notice_late
    with pytest.raises(ValidationFailed, match="over"):
        services.give_notice(people["leader"], meeting, "", now=meeting.ends_at + timedelta(minutes=1))
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2
    with pytest.raises(ValidationFailed):
        services.give_notice(people["leader"], meeting, "x" * 501)


def test_rsvp_and_attendance(app, people, group, schedule):
    meeting = schedule()
    services.rsvp(people["member"], meeting, "yes")
    with pytest.raises(ValidationFailed):
        services.rsvp(people["member"], meeting, "maybe")
    services.set_attendance_recording(people["leader"], group, True)
    services.record_attendance(people["leader"], meeting, {people["member"].id: "present",
                                                          people["other"].id: "late"})
    rows = {row.user_id: row for row in services.attendance_rows(meeting)}
    assert rows[people["member"].id].recorded == "present" and rows[people["member"].id].rsvp == "yes"
    assert rows[people["other"].id].recorded == "late"
    with pytest.raises(ValidationFailed):
        services.record_attendance(people["leader"], meeting, {people["member"].id: "excellent"})
    with pytest.raises(ValidationFailed):
        services.record_attendance(people["leader"], meeting, {people["outsider"].id: "present"})
    with pytest.raises(PermissionDenied):
        services.record_attendance(people["member"], meeting, {people["member"].id: "present"})


def test_coming_after_all_withdraws_the_notice(app, people, group, schedule):
    meeting = schedule()
    services.give_notice(people["member"], meeting, "Sick")
    row = services.rsvp(people["member"], meeting, "yes")
    assert row.notice_at is None and row.notice_reason == "" and row.rsvp == "yes"


def test_a_notice_racing_another_first_answer_lands_on_one_row(app, people, group, schedule):
    from unittest import mock

    from sqlalchemy.orm import Session

    meeting = schedule()
    with Session(db.engine) as other:  # another request inserts the member's row first
        other.add(Attendance(meeting_id=meeting.id, user_id=people["member"].id, rsvp="yes"))
        other.commit()
    winner = db.session.scalar(select(Attendance))
    # Our first look happened before the other insert, so it found nothing.
    with mock.patch("aftercare.meetings.services.attendance.my_attendance", side_effect=[None, winner]):
        row = services.give_notice(people["member"], meeting, "Sick")
    assert row.id == winner.id and row.notice_reason == "Sick"
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1
