"""A guest professional in the group's chat: inside their meeting's window they read what is said from
the window's start (no history) and take part; before it they are refused; when it ends they are cut off.
Members see the guest's presence in their transparency log, once per meeting."""
from datetime import time, timedelta

import pytest

from aftercare.audit.models import AuditEntry
from aftercare.chat import broadcast
from aftercare.chat.services import channel_for_group, post_message
from aftercare.extensions import db
from aftercare.meetings import services as meetings
from aftercare.meetings.models import Meeting
from aftercare.timeutil import utcnow

from .conftest import events


@pytest.fixture
def guest_setup(make_user, make_group):
    leader, member, other = (make_user(display_name=name) for name in ("Lead", "Mona", "Olga"))
    group = make_group(leaders=[leader], members=[member, other])
    channel = channel_for_group(group)
    professional = make_user(["professional"], display_name="Dr. Berg")
    series = meetings.schedule(leader, group, first_date=(utcnow() + timedelta(days=3)).date(),
                               start_time=time(18, 0), end_time=time(19, 30), place="Room 2")
    meeting = series.meetings[0]
    invitation = meetings.propose_guest(member, meeting, professional.username, "Talking with children")
    meetings.vote_guest(other, meeting, invitation.id, "yes")
    assert invitation.status == "adopted"
    old, _ = post_message(member, channel, client_id="history-0001", body="Something from last week",
                          now=utcnow() - timedelta(hours=2))
    return group, channel, member, professional, meeting, old


def move(meeting, starts_in, length=timedelta(minutes=90)):
    start = utcnow() + starts_in
    db.session.execute(db.update(Meeting).where(Meeting.id == meeting.id).values(starts_at=start,
                                                                                  ends_at=start + length))
    db.session.commit()


def test_guest_inside_the_window_takes_part_without_history(chat_as, guest_setup):
    group, channel, member, professional, meeting, old = guest_setup
    move(meeting, -timedelta(minutes=10))
    mona, _ = chat_as(member)
    assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    guest, http = chat_as(professional)
    joined = guest.emit("join", {"channel_id": channel.id}, callback=True)
    assert joined["ok"] and joined["messages"] == []
    assert guest.emit("fetch", {"channel_id": channel.id, "from_seq": old.seq, "to_seq": old.seq},
                      callback=True).get("messages", []) == []
    assert guest.emit("react", {"message_id": old.id, "kind": "heart"}, callback=True)["ok"] is False
    assert guest.emit("send", {"channel_id": channel.id, "client_id": "guest-msg-0001",
                               "body": "Thank you for having me"}, callback=True)["ok"]
    assert events(mona, "message")[-1]["author"] == "Dr. Berg"
    page = http.get(f"/chat/{channel.id}")
    assert page.status_code == 200
    assert "Something from last week" not in page.get_data(as_text=True)
    assert "Thank you for having me" in page.get_data(as_text=True)
    assert guest.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "guest.present")).all()
    assert [(e.actor_id, e.group_id) for e in entries] == [(professional.id, group.id)]


def test_guest_before_the_window_is_refused(chat_as, client, login, guest_setup):
    _group, channel, _member, professional, meeting, _old = guest_setup
    move(meeting, timedelta(minutes=20))  # the window opens 15 minutes before the start
    guest, http = chat_as(professional)
    assert guest.emit("join", {"channel_id": channel.id}, callback=True)["ok"] is False
    assert guest.emit("send", {"channel_id": channel.id, "client_id": "guest-msg-0002", "body": "Hello"},
                      callback=True)["ok"] is False
    assert http.get(f"/chat/{channel.id}").status_code == 404


def test_guest_is_cut_off_when_the_window_ends(chat_as, guest_setup):
    _group, channel, _member, professional, meeting, _old = guest_setup
    move(meeting, -timedelta(minutes=80))
    guest, http = chat_as(professional)
    assert guest.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    move(meeting, -timedelta(minutes=91))  # the meeting ended a minute ago
    assert broadcast.eject_without_access(local_only=True) == 1
    assert events(guest, "access_ended")
    assert guest.emit("send", {"channel_id": channel.id, "client_id": "guest-msg-0003", "body": "Still here?"},
                      callback=True)["ok"] is False
    assert http.get(f"/chat/{channel.id}").status_code == 404


def test_a_cancelled_meeting_lets_no_guest_in(chat_as, guest_setup):
    _group, channel, member, professional, meeting, _old = guest_setup
    move(meeting, -timedelta(minutes=5))
    leader = next(m.user for m in meeting.group.memberships if m.is_leader)
    meetings.cancel_meeting(leader, meeting)
    guest, _http = chat_as(professional)
    assert guest.emit("join", {"channel_id": channel.id}, callback=True)["ok"] is False


def test_a_socket_waits_for_two_factor_set_up(app, login, socket_client, make_user):
    """A coordinator who must set up two-factor sign-in reaches no page and no socket until they do."""
    import re

    coordinator = make_user(["coordinator", "participant"], two_factor=False)
    http = app.test_client()
    login(http, coordinator)
    page = http.get("/account/two-factor").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    socket = socket_client(http, headers={"Origin": "http://localhost"}, auth={"csrf_token": token})
    assert not socket.is_connected()
