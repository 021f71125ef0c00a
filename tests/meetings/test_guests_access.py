"""Guest professionals and the access matrix: member, leader, non-member, coordinator, admin, guest
before, during and after their window."""
from datetime import timedelta

import pytest

from aftercare import policy
from aftercare.extensions import db
from aftercare.exceptions import PermissionDenied, ValidationFailed
from aftercare.meetings import services
from aftercare.timeutil import utcnow
from aftercare.timeutil import local_today


@pytest.fixture
def guest_world(app, people, group, schedule, make_user):
    professional = make_user(["professional"], display_name="Dr. Berg")
    meeting = schedule(days=2)
    invitation = services.propose_guest(people["member"], meeting, professional.username, "Talking with children")
    assert invitation.status == "open"
    services.vote_guest(people["other"], meeting, invitation.id, "yes")  # 2 of 3 members: adopted
    assert invitation.status == "adopted"
    return professional, meeting, invitation


def test_guest_is_decided_by_majority_and_notified(app, people, group, guest_world):
    professional, meeting, invitation = guest_world
    assert invitation.proposed_by_id == people["member"].id
    assert services.my_guest_invitations(professional) == [invitation]


def test_only_verified_professionals_and_not_twice(app, people, group, schedule, make_user):
    meeting = schedule()
    unverified = make_user(["professional"], verified=False)
    participant = make_user()
    for username in (unverified.username, participant.username, "nobody"):
        with pytest.raises(ValidationFailed):
            services.propose_guest(people["member"], meeting, username)
    professional = make_user(["professional"])
    services.propose_guest(people["member"], meeting, professional.username)
    with pytest.raises(ValidationFailed):
        services.propose_guest(people["other"], meeting, professional.username)
    with pytest.raises(PermissionDenied):
        services.propose_guest(people["outsider"], meeting, professional.username)


def test_no_objection_guest_adopted_at_deadline(app, people, make_group, make_user):
    professional = make_user(["professional"])
    leader = make_user()
    group = make_group(leaders=[leader], members=[make_user()], consent_method="no_objection", objection_days=2)
    from datetime import time

    series = services.schedule(leader, group, first_date=local_today() + timedelta(days=10), start_time=time(18, 0),
                               end_time=time(19, 0), place="Room")
    meeting = series.meetings[0]
    invitation = services.propose_guest(leader, meeting, professional.username)
    services.settle_guests(group, now=utcnow() + timedelta(days=1))
    assert invitation.status == "open"
    services.settle_guests(group, now=utcnow() + timedelta(days=3))
    assert invitation.status == "adopted"


def test_guest_window(app, people, group, guest_world):
    """The service loads the visit (the adopted meeting whose window holds the moment); the pure rule decides."""
    professional, meeting, _invitation = guest_world
    before = meeting.starts_at - timedelta(minutes=16)
    early = meeting.starts_at - timedelta(minutes=14)
    during = meeting.starts_at + timedelta(minutes=30)
    after = meeting.ends_at + timedelta(seconds=1)
    assert services.guest_visit(professional, group, before) is None
    assert policy.is_guest_in_window(professional, group, services.guest_visit(professional, group, early))
    assert services.guest_meeting_in_window(professional, group, during) == meeting
    assert services.guest_visit(professional, group, after) is None
    assert services.guest_visit(people["member"], group, during) is None
    visit = services.guest_visit(professional, group, during)
    assert not policy.is_guest_in_window(people["member"], group, visit)  # the visit is the professional's
    services.cancel_meeting(people["leader"], meeting)
    assert services.guest_visit(professional, group, during) is None
    assert not policy.is_guest_in_window(professional, group, visit)  # facts taken before: the meeting is cancelled


ACTORS = ["leader", "member", "outsider", "coordinator", "admin"]


@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(app, login, people, group, schedule, make_user, actor):
    people["coordinator"] = group_creator = make_user(["coordinator"])
    group.created_by_id = group_creator.id
    group.records_attendance = True  # the attendance page exists only in groups that record it
    db.session.commit()
    people["admin"] = make_user(["admin"])
    meeting = schedule()
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.save_log(people["member"], meeting, {"topics": "Holidays"}, now=meeting.starts_at)
    services.publish_log(people["member"], meeting, now=meeting.starts_at)
    client = app.test_client()
    login(client, people[actor])
    base = f"/groups/{group.id}/meetings"
    member_pages = [base, f"{base}/{meeting.id}", f"{base}/{meeting.id}/log", f"{base}/{meeting.id}/guests",
                    f"{base}/{meeting.id}.ics", f"{base}/{meeting.id}/notice"]
    leader_pages = [f"{base}/new", f"{base}/{meeting.id}/move", f"{base}/{meeting.id}/attendance",
                    f"{base}/feedback"]
    expected_member = 200 if actor in ("leader", "member") else 404
    for path in member_pages:
        assert client.get(path).status_code == expected_member, path
    expected_leader = {"leader": 200, "member": 403}.get(actor, 404)
    for path in leader_pages:
        assert client.get(path).status_code == expected_leader, path
    response = client.post(f"{base}/{meeting.id}/agenda", data={"text": "Sneaky"})
    assert response.status_code == (302 if actor in ("leader", "member") else 404)
    if actor not in ("leader", "member"):
        assert meeting.agenda_items == []
    # feedback only after the start
    assert client.get(f"{base}/{meeting.id}/feedback").status_code == 404


@pytest.mark.parametrize("moment, status", [("before", 404), ("during", 200), ("after", 404)])
def test_guest_sees_only_the_agenda_in_the_window(app, login, people, group, guest_world, moment, status,
                                                  monkeypatch):
    professional, meeting, _invitation = guest_world
    services.propose_item(people["member"], meeting, "Talking with our children")
    now = {"before": meeting.starts_at - timedelta(hours=1), "during": meeting.starts_at + timedelta(minutes=1),
           "after": meeting.ends_at + timedelta(minutes=1)}[moment]
    import aftercare.meetings.services.guests as guests_module

    monkeypatch.setattr(guests_module, "utcnow", lambda: now)
    client = app.test_client()
    login(client, professional)
    response = client.get(f"/guest/meetings/{meeting.id}")
    assert response.status_code == status
    if status == 200:
        assert "Talking with our children" in response.get_data(as_text=True)
    listing = client.get("/guest").get_data(as_text=True)
    assert group.name in listing
    assert (f"/guest/meetings/{meeting.id}" in listing) is (status == 200)
    base = f"/groups/{group.id}/meetings"
    for path in (f"/groups/{group.id}", base, f"{base}/{meeting.id}", f"{base}/{meeting.id}/log"):
        assert client.get(path).status_code == 404, path


def test_members_see_who_was_invited_by_whom_and_when_access_ended(app, login, people, group, guest_world):
    professional, meeting, _invitation = guest_world
    client = app.test_client()
    login(client, people["other"])
    page = client.get(f"/groups/{group.id}/meetings/{meeting.id}/guests").get_data(as_text=True)
    assert "Dr. Berg" in page and "proposed by Mona" in page and "Access from" in page
    assert client.get("/guest").status_code == 404


def test_members_see_when_the_guests_access_ended(app, login, people, group, guest_world, monkeypatch):
    import aftercare.meetings.services.guests as guests_module

    _professional, meeting, _invitation = guest_world
    monkeypatch.setattr(guests_module, "utcnow", lambda: meeting.ends_at + timedelta(hours=1))
    client = app.test_client()
    login(client, people["member"])
    page = client.get(f"/groups/{group.id}/meetings/{meeting.id}/guests").get_data(as_text=True)
    assert "Access ended" in page and "Access from" not in page


def test_the_guest_hears_of_a_cancellation(app, people, group, guest_world):
    from sqlalchemy import select

    from aftercare.notifications.models import Notification

    professional, meeting, _invitation = guest_world
    services.cancel_meeting(people["leader"], meeting)
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == professional.id)).all()
    assert sorted(kinds) == ["guest_invited", "meeting_cancelled"]
    assert services.my_guest_invitations(professional)[0].meeting.is_cancelled
