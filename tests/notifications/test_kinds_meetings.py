"""Meeting notifications: the recorder, a guest to decide on, and the sweep's reminders, feedback notice and log
reminder — each to the right members, once, never to those who gave notice of absence."""
from datetime import time, timedelta

import pytest

from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.services.reminders import send_meeting_reminders
from aftercare.timeutil import utcnow

from .conftest import all_texts, in_both_languages, new, notes, only_told


@pytest.fixture
def world(make_user, make_group):
    people = {"leader": make_user(display_name="Lead"), "coming": make_user(display_name="Cora"),
              "silent": make_user(display_name="Siri"), "away": make_user(display_name="Aud"),
              "outsider": make_user(display_name="Out")}
    group = make_group(leaders=[people["leader"]], members=[people["coming"], people["silent"], people["away"]],
                       name="Torsdagsgruppa")
    series = services.schedule(people["leader"], group, first_date=(utcnow() + timedelta(days=7)).date(),
                               start_time=time(18, 0), end_time=time(19, 30), place="Room 2")
    return people, group, series.meetings[0]


def test_reminders_go_the_day_before_and_an_hour_before_once_each_and_not_to_those_away(world):
    people, group, meeting = world
    services.rsvp(people["coming"], meeting, "yes")
    services.give_notice(people["away"], meeting, "MY DAUGHTER IS ILL")
    day_before = meeting.starts_at - timedelta(hours=20)
    assert send_meeting_reminders(meeting.starts_at - timedelta(days=2)) == 0
    assert send_meeting_reminders(day_before) == 1
    assert send_meeting_reminders(day_before + timedelta(minutes=5)) == 0  # the sweep again: nothing twice
    told = only_told("meeting_reminder_day", [people["leader"], people["coming"], people["silent"]],
                     [people["away"], people["outsider"]])
    assert told.link == f"/groups/{group.id}/meetings/{meeting.id}"
    in_both_languages(told, "Torsdagsgruppa")
    assert "DAUGHTER" not in all_texts(people["leader"])

    hour_before = meeting.starts_at - timedelta(minutes=50)
    assert send_meeting_reminders(hour_before) == 1
    assert send_meeting_reminders(hour_before + timedelta(minutes=5)) == 0
    only_told("meeting_reminder_hour", [people["leader"], people["coming"], people["silent"]],
              [people["away"], people["outsider"]])
    in_both_languages(new(people["silent"], "meeting_reminder_hour")[0], "Torsdagsgruppa")
    services.rsvp(people["silent"], meeting, "yes", now=hour_before)  # answering clears the reminders
    assert new(people["silent"], "meeting_reminder_hour") == [] and new(people["silent"], "meeting_reminder_day") == []


def test_a_moved_meeting_is_reminded_again_and_a_cancelled_one_not_at_all(world):
    people, group, meeting = world
    assert send_meeting_reminders(meeting.starts_at - timedelta(hours=20)) == 1
    new_day = (meeting.starts_at + timedelta(days=1)).date()
    services.move_meeting(people["leader"], meeting, on_date=new_day, start_time=time(18, 0), end_time=time(19, 30))
    db.session.refresh(meeting)
    assert send_meeting_reminders(meeting.starts_at - timedelta(hours=20)) == 1
    assert len(notes(people["silent"], "meeting_reminder_day")) == 2
    services.cancel_meeting(people["leader"], meeting)
    assert send_meeting_reminders(meeting.starts_at - timedelta(minutes=30)) == 0


def test_feedback_is_announced_once_after_the_meeting_and_giving_it_clears_it(world):
    people, group, meeting = world
    services.give_notice(people["away"], meeting)
    after = meeting.ends_at + timedelta(minutes=10)
    assert send_meeting_reminders(after) >= 1
    assert send_meeting_reminders(after + timedelta(minutes=5)) == 0
    told = only_told("feedback_open", [people["leader"], people["coming"], people["silent"]],
                     [people["away"], people["outsider"]])
    assert told.link == f"/groups/{group.id}/meetings/{meeting.id}/feedback"
    in_both_languages(told, "Torsdagsgruppa")
    services.give_feedback(people["coming"], meeting, 7, 8, now=after)
    assert new(people["coming"], "feedback_open") == []


def test_the_recorder_is_told_when_chosen_and_once_when_the_log_waits(world):
    people, group, meeting = world
    services.assign_recorder(people["leader"], meeting, people["silent"].id)
    told = only_told("recorder_assigned", [people["silent"]], [people["leader"], people["coming"]])
    assert told.link == f"/groups/{group.id}/meetings/{meeting.id}/log"
    in_both_languages(told, "Torsdagsgruppa")
    next_day = meeting.ends_at + timedelta(hours=25)
    send_meeting_reminders(next_day)
    assert send_meeting_reminders(next_day + timedelta(minutes=5)) == 0
    waiting = only_told("log_waiting", [people["silent"]], [people["leader"], people["coming"]])
    in_both_languages(waiting, "Torsdagsgruppa")
    services.save_log(people["silent"], meeting, {"topics": "Holidays"}, now=meeting.starts_at)
    services.publish_log(people["silent"], meeting, now=meeting.starts_at)
    assert new(people["silent"], "log_waiting") == [] and new(people["silent"], "recorder_assigned") == []


def test_a_proposed_guest_asks_the_other_members_and_the_professional_hears_only_a_yes(world, make_user):
    people, group, meeting = world
    professional = make_user(["professional"], display_name="Dr. Berg")
    invitation = services.propose_guest(people["coming"], meeting, professional.username, "ABOUT MY CHILD")
    told = only_told("guest_proposed", [people["leader"], people["silent"], people["away"]],
                     [people["coming"], professional, people["outsider"]])
    assert told.link == f"/groups/{group.id}/meetings/{meeting.id}/guests"
    in_both_languages(told, "Torsdagsgruppa")
    assert "Berg" not in all_texts(people["silent"]) and "CHILD" not in all_texts(people["silent"])
    services.vote_guest(people["silent"], meeting, invitation.id, "yes")
    assert new(people["silent"], "guest_proposed") == [] and len(new(people["leader"], "guest_proposed")) == 1
    services.vote_guest(people["leader"], meeting, invitation.id, "yes")  # 3 of 4: adopted
    assert new(people["away"], "guest_proposed") == []
    only_told("guest_invited", [professional], [people["leader"]])


def test_a_request_to_remove_a_passage_asks_the_handlers_and_the_decision_clears_it(world):
    people, group, meeting = world
    services.assign_recorder(people["leader"], meeting, people["silent"].id)
    services.save_log(people["silent"], meeting, {"topics": "Cora talked about her move"}, now=meeting.starts_at)
    services.publish_log(people["silent"], meeting, now=meeting.starts_at)
    request = services.request_removal(people["coming"], meeting, "Cora talked about her move", "PLEASE")
    asked = only_told("log_removal_requested", [people["leader"], people["silent"]],
                      [people["coming"], people["away"], people["outsider"]])
    in_both_languages(asked, "Torsdagsgruppa")
    assert "PLEASE" not in all_texts(people["leader"]) and "her move" not in all_texts(people["leader"])
    services.decide_removal(people["leader"], meeting, request.id, remove=True)
    assert new(people["leader"], "log_removal_requested") == [] and new(people["silent"], "log_removal_requested") == []
    granted = only_told("log_removal_removed", [people["coming"]], [people["leader"], people["silent"]])
    in_both_languages(granted, "Torsdagsgruppa")
