"""A session log only once the meeting has begun; publishing is confirmed for the version read; the name
warning quotes the passages before anything is published."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from aftercare.exceptions import ValidationFailed
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import Meeting, MeetingLogVersion
from aftercare.notifications.models import Notification
from aftercare.timeutil import utcnow

START = datetime(2026, 12, 10, 17, 0, tzinfo=timezone.utc)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def held(meeting, hours_ago=2):
    """The meeting took place `hours_ago` hours ago."""
    meeting.starts_at = utcnow() - timedelta(hours=hours_ago)
    meeting.ends_at = meeting.starts_at + timedelta(hours=1, minutes=30)
    db.session.commit()
    return meeting


def signed_in(app, login, user):
    client = app.test_client()
    login(client, user)
    return client


# --- the rule: a fact of the meeting ---

@pytest.mark.parametrize("now, cancelled, may", [
    (START - timedelta(days=3), False, False),
    (START - timedelta(seconds=1), False, False),
    (START, False, True),
    (START + timedelta(minutes=20), False, True),  # during the meeting
    (START + timedelta(days=30), False, True),
    (START - timedelta(days=1), True, False),
    (START + timedelta(days=1), True, False),  # it was cancelled: it did not happen
])
def test_a_log_may_start_once_the_meeting_has_begun_and_never_for_a_cancelled_one(now, cancelled, may):
    meeting = Meeting(starts_at=START, ends_at=START + timedelta(hours=1),
                      cancelled_at=START - timedelta(days=5) if cancelled else None)
    assert meeting.log_may_start(now) is may
    reason = services.why_no_log_yet(meeting, now)
    assert (reason is None) is may
    if cancelled:
        assert "cancelled" in reason


# --- the services ---

def test_no_log_is_written_or_published_before_the_meeting(app, people, group, schedule):
    meeting = schedule()
    services.assign_recorder(people["leader"], meeting, people["member"].id)  # choosing ahead is fine
    with pytest.raises(ValidationFailed, match="once the meeting has begun"):
        services.save_log(people["member"], meeting, {"topics": "Holidays"})
    assert count(MeetingLogVersion) == 0
    services.save_log(people["member"], meeting, {"topics": "Holidays"}, now=meeting.starts_at)
    with pytest.raises(ValidationFailed, match="once the meeting has begun"):
        services.publish_log(people["member"], meeting, now=meeting.starts_at - timedelta(minutes=1))
    assert services.log_of(meeting).published_at is None
    services.publish_log(people["member"], meeting, now=meeting.starts_at + timedelta(minutes=1))
    assert services.log_of(meeting).published_at is not None


def test_no_log_for_a_cancelled_meeting(app, people, group, schedule):
    meeting = held(schedule())
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.cancel_meeting(people["leader"], meeting)
    with pytest.raises(ValidationFailed, match="cancelled"):
        services.save_log(people["member"], meeting, {"topics": "Holidays"})
    assert count(MeetingLogVersion) == 0


def test_publishing_a_version_that_is_no_longer_the_latest_is_refused(app, people, group, schedule):
    meeting = held(schedule())
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.save_log(people["member"], meeting, {"topics": "Holidays"})
    services.save_log(people["leader"], meeting, {"topics": "Holidays. Mona's divorce."})  # meanwhile
    with pytest.raises(ValidationFailed, match="changed since you read it"):
        services.publish_log(people["member"], meeting, version_number=1)
    log = services.log_of(meeting)
    assert log.published_at is None
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.kind == "log_published")) == 0
    services.publish_log(people["member"], meeting, version_number=2)
    assert log.published_at is not None


def test_the_passages_with_names_are_quoted_with_the_names_marked(app, people, group, schedule):
    people["other"].real_name = "Olga Hansen"
    db.session.commit()
    meeting = held(schedule())
    fields = {"present": "Mona, Olga", "topics": "Holidays. mona told us about her week!\nSummer plans",
              "decisions": "Olga Hansen's son comes along; we meet at noon."}
    check = services.check_names(group, fields)
    assert check.names == ["Mona", "Olga", "Olga Hansen"]
    assert check.passages == [
        ("topics", (("mona", True), (" told us about her week!", False))),
        ("decisions", (("Olga Hansen", True), ("'s son comes along;", False))),
    ]  # "Who was present" is where names belong; the longer name is marked whole
    assert services.name_passages(group, {"topics": "Monastery visit"}) == []
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.save_log(people["member"], meeting, fields)
    log = services.log_of(meeting)
    assert services.names_in_log(people["leader"], meeting, log).names == check.names
    assert services.names_in_log(people["other"], meeting, log) == ([], [])  # not a writer


def test_names_in_log_works_on_a_version_object_too():
    group = SimpleNamespace(active_memberships=[SimpleNamespace(user=SimpleNamespace(display_name="Siv",
                                                                                     real_name=None))])
    version = SimpleNamespace(topics="Siv led.", decisions="", rule_changes="", guests="", next_meeting="",
                              follow_ups="")
    assert services.name_passages(group, version) == [("topics", (("Siv", True), (" led.", False)))]


# --- the page ---

def test_before_the_meeting_the_page_says_so_instead_of_the_form(app, login, people, group, schedule):
    meeting = schedule()
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    path = f"/groups/{group.id}/meetings/{meeting.id}/log"
    member = signed_in(app, login, people["member"])
    html = member.get(path).get_data(as_text=True)
    assert 'data-testid="log-not-yet"' in html and "once the meeting has begun" in html
    assert 'data-testid="save-log"' not in html and 'data-testid="publish"' not in html
    assert 'name="recorder"' not in html
    leader_html = signed_in(app, login, people["leader"]).get(path).get_data(as_text=True)
    assert 'name="recorder"' in leader_html and 'data-testid="save-log"' not in leader_html
    response = member.post(path, data={"topics": "Written too early"})
    assert response.status_code == 200 and "once the meeting has begun" in response.get_data(as_text=True)
    assert count(MeetingLogVersion) == 0


def test_saving_shows_the_passages_and_publishing_needs_the_box_ticked(app, login, people, group, schedule):
    meeting = held(schedule())
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    path = f"/groups/{group.id}/meetings/{meeting.id}/log"
    member = signed_in(app, login, people["member"])
    html = member.post(path, data={"topics": "Holidays. Olga told us about a custody case. Summer."}
                       ).get_data(as_text=True)
    assert 'data-testid="name-warning"' in html and 'role="alert"' in html
    assert "<mark>Olga</mark> told us about a custody case." in html and 'href="#topics"' in html
    # Coming back to the draft later, the warning is still there before publishing (not announced again).
    html = member.get(path).get_data(as_text=True)
    assert "<mark>Olga</mark> told us about a custody case." in html
    assert 'data-testid="publish"' in html and 'name="confirm"' in html and 'name="version" type="hidden" value="1"' in html
    assert 'role="alert" data-testid="name-warning"' not in html
    html = member.post(path + "/publish", data={"version": "1"}).get_data(as_text=True)
    assert "Tick the box to confirm" in html
    assert services.log_of(meeting).published_at is None
    html = member.post(path + "/publish", data={"version": "x", "confirm": "y"}).get_data(as_text=True)
    assert "Reload the page" in html and services.log_of(meeting).published_at is None
    # A leader saves a new version while the recorder reads version 1: her confirmation is for version 1.
    services.save_log(people["leader"], meeting, {"topics": "Holidays. Summer."})
    html = member.post(path + "/publish", data={"version": "1", "confirm": "y"}).get_data(as_text=True)
    assert "changed since you read it" in html and 'name="version" type="hidden" value="2"' in html
    assert services.log_of(meeting).published_at is None
    response = member.post(path + "/publish", data={"version": "2", "confirm": "y"})
    assert response.status_code == 302 and services.log_of(meeting).published_at is not None
    html = member.get(path).get_data(as_text=True)
    assert 'data-testid="publish"' not in html and "what you save now is shown to the members at once" in html
    other = signed_in(app, login, people["other"]).get(path).get_data(as_text=True)
    assert "Holidays. Summer." in other and 'data-testid="name-warning"' not in other


def test_members_who_do_not_write_see_no_warning_and_no_publishing(app, login, people, group, schedule):
    meeting = held(schedule())
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.save_log(people["member"], meeting, {"topics": "Olga spoke."})
    path = f"/groups/{group.id}/meetings/{meeting.id}/log"
    other = signed_in(app, login, people["other"])
    html = other.get(path).get_data(as_text=True)
    assert "Olga spoke." not in html and 'data-testid="name-warning"' not in html
    assert other.post(path + "/publish", data={"version": "1", "confirm": "y"}).status_code == 403
    assert services.log_of(meeting).published_at is None
