"""A guest professional's access is by meeting, not by time: two meetings of one group whose windows overlap,
a guest adopted for one of them. The guest reads exactly the messages of their meeting (posted while its
live session was open, or in its window when it has none) on the page, in the socket's history and catch-up
and in live pushes; nothing of the other meeting, nothing from before or after; and writes only into it."""
from datetime import time, timedelta

import pytest

from aftercare.chat import broadcast
from aftercare.chat.models import Message
from aftercare.chat.services import channel_for_group, post_message
from aftercare.extensions import db
from aftercare.meetings import services as meetings
from aftercare.meetings.models import Meeting
from aftercare.timeutil import utcnow

from .conftest import events


def received(socket):
    """Everything the socket was sent so far, by event name (reading empties the test client's queue)."""
    by_name = {}
    for item in socket.get_received():
        args = item["args"]
        by_name.setdefault(item["name"], []).append(args[0] if isinstance(args, list) else args)
    return by_name


def move(meeting, starts_in, length):
    start = utcnow() + starts_in
    db.session.execute(db.update(Meeting).where(Meeting.id == meeting.id).values(starts_at=start,
                                                                                  ends_at=start + length))
    db.session.commit()
    db.session.refresh(meeting)


@pytest.fixture
def two_meetings(make_user, make_group):
    """Meeting A (the guest's) and meeting B of the same group; the caller moves them so that they overlap."""
    leader, member, other = (make_user(display_name=name) for name in ("Kari", "Mona", "Olga"))
    group = make_group(leaders=[leader], members=[member, other])
    channel = channel_for_group(group)
    professional = make_user(["professional"], display_name="Dr. Berg")
    first = (utcnow() + timedelta(days=3)).date()
    mine, theirs = (meetings.schedule(leader, group, first_date=first + timedelta(days=n), start_time=time(18, 0),
                                      end_time=time(19, 30), place="Room 2", online=True).meetings[0]
                    for n in (0, 1))
    invitation = meetings.propose_guest(member, mine, professional.username, "Talking with children")
    meetings.vote_guest(other, mine, invitation.id, "yes")
    assert invitation.status == "adopted"
    meetings.propose_item(member, mine, "Talking with our children")
    meetings.propose_item(member, theirs, "Money worries at home")
    return dict(group=group, channel=channel, leader=leader, member=member, professional=professional,
                mine=mine, theirs=theirs)


def say(socket, channel, body, client_id):
    return socket.emit("send", {"channel_id": channel.id, "client_id": client_id, "body": body}, callback=True)


def live(socket, event, channel, **extra):
    return socket.emit(event, {"channel_id": channel.id, **extra}, callback=True)


def history(socket, channel):
    """The catch-up after a reconnect: everything after sequence number 0 that the socket may read."""
    return socket.emit("fetch", {"channel_id": channel.id, "after_seq": 0}, callback=True)["messages"]


def bodies(items):
    return [item["body"] for item in items]


def test_the_guest_gets_their_meetings_live_session_and_nothing_of_the_other_meeting(chat_as, two_meetings):
    w = two_meetings
    channel, mine, theirs = w["channel"], w["mine"], w["theirs"]
    move(mine, -timedelta(minutes=10), timedelta(minutes=90))  # the guest's window is open
    move(theirs, -timedelta(minutes=5), timedelta(minutes=60))  # and overlaps the other meeting's
    post_message(w["member"], channel, client_id="history-0001", body="Something from last week",
                 now=utcnow() - timedelta(hours=2))
    kari, _ = chat_as(w["leader"])
    mona, mona_http = chat_as(w["member"])
    guest, guest_http = chat_as(w["professional"])
    for socket in (kari, mona):
        assert socket.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    joined = guest.emit("join", {"channel_id": channel.id}, callback=True)
    assert joined["ok"] and joined["messages"] == []

    # The other meeting is held live first: the guest is sent none of it and cannot write into it.
    assert live(kari, "open_live", channel, meeting_id=theirs.id)["ok"]
    assert say(mona, channel, "Their meeting, over the socket", "theirs-msg-01")["ok"]
    mona_http.post(f"/chat/{channel.id}/messages",
                   data={"client_id": "theirs-msg-02", "body": "Their meeting, by form"})
    refused = say(guest, channel, "Hello from the guest", "guest-msg-01")
    assert refused["ok"] is False and "invited to" in refused["error"]
    assert live(guest, "raise_hand", channel)["ok"] is False
    assert live(kari, "close_live", channel)["ok"]

    # The guest's own meeting: every message reaches the guest, who takes part.
    assert live(kari, "open_live", channel, meeting_id=mine.id)["ok"]
    assert say(mona, channel, "Welcome, Dr. Berg", "mine-msg-01")["ok"]
    assert say(guest, channel, "Thank you for having me", "guest-msg-02")["ok"]
    assert live(guest, "raise_hand", channel)["ok"]
    assert live(kari, "close_live", channel)["ok"]

    # After it: nothing more for the guest, who can no longer write.
    assert say(mona, channel, "Just us again", "after-msg-01")["ok"]
    assert say(guest, channel, "One more thing", "guest-msg-03")["ok"] is False

    expected = ["Welcome, Dr. Berg", "Thank you for having me"]
    everything = ["Something from last week", "Their meeting, over the socket", "Their meeting, by form",
                  *expected, "Just us again"]
    guest_got, mona_got = received(guest), received(mona)
    assert bodies(guest_got["message"]) == expected
    assert bodies(mona_got["message"]) == everything[1:]
    # Live sessions: the guest saw their own meeting's queue only.
    assert {item["meeting_id"] for item in guest_got["live"] if item.get("open")} == {mine.id}
    assert {item["meeting_id"] for item in mona_got["live"] if item.get("open")} == {mine.id, theirs.id}
    # The guest's page is told when writing opens and closes for them: B opened, B closed, A opened, a hand
    # went up in A, A closed.
    assert [item["can_post"] for item in guest_got["can_post"]] == [False, False, True, True, False]
    assert "can_post" not in mona_got
    assert bodies(guest.emit("join", {"channel_id": channel.id}, callback=True)["messages"]) == expected
    assert bodies(history(guest, channel)) == expected
    db.session.expire_all()
    last = db.session.get(type(channel), channel.id).last_seq
    assert last == len(everything)
    assert bodies(guest.emit("fetch", {"channel_id": channel.id, "from_seq": 1, "to_seq": last},
                             callback=True)["messages"]) == expected
    assert bodies(history(mona, channel)) == everything

    page = guest_http.get(f"/chat/{channel.id}").get_data(as_text=True)
    for body in everything:
        assert (body in page) is (body in expected), body
    assert "Talking with our children" in page and "Money worries at home" not in page  # their own agenda

    # A reaction to the other meeting's message is not pushed to the guest; one to theirs is.
    theirs_message = db.session.scalar(db.select(Message).where(Message.client_id == "theirs-msg-01"))
    mine_message = db.session.scalar(db.select(Message).where(Message.client_id == "mine-msg-01"))
    assert guest.emit("react", {"message_id": theirs_message.id, "kind": "heart"}, callback=True)["ok"] is False
    assert mona.emit("react", {"message_id": theirs_message.id, "kind": "heart"}, callback=True)["ok"]
    assert mona.emit("react", {"message_id": mine_message.id, "kind": "thanks"}, callback=True)["ok"]
    assert [item["id"] for item in received(guest).get("message_changed", [])] == [mine_message.id]


def test_without_a_live_session_the_guest_reads_their_meetings_window_alone(chat_as, two_meetings):
    """No live session: a message belongs to the meeting whose guest window holds its moment, and to no
    meeting where two windows overlap; the guest reads nothing before, after or in the overlap."""
    w = two_meetings
    channel, mine, theirs, member = w["channel"], w["mine"], w["theirs"], w["member"]
    move(mine, timedelta(minutes=10), timedelta(minutes=90))  # the window opened 5 minutes ago
    move(theirs, timedelta(minutes=70), timedelta(minutes=60))  # its window opens 55 minutes from now
    now = utcnow()
    post_message(member, channel, client_id="before-msg-01", body="Before the window", now=now - timedelta(minutes=6))
    overlap = theirs.starts_at - timedelta(minutes=10)
    post_message(member, channel, client_id="overlap-msg-1", body="In both windows", now=overlap)
    post_message(member, channel, client_id="after-msg-001", body="After the guest's meeting",
                 now=mine.ends_at + timedelta(minutes=1))
    mona, _ = chat_as(member)
    guest, guest_http = chat_as(w["professional"])
    assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    assert guest.emit("join", {"channel_id": channel.id}, callback=True)["messages"] == []
    assert say(mona, channel, "Coffee is ready", "window-msg-01")["ok"]  # the send path decides the meeting too
    assert say(guest, channel, "I am here a little early", "guest-msg-04")["ok"]

    expected = ["Coffee is ready", "I am here a little early"]
    assert bodies(events(guest, "message")) == expected
    assert bodies(history(guest, channel)) == expected
    page = guest_http.get(f"/chat/{channel.id}").get_data(as_text=True)
    assert "Coffee is ready" in page
    for body in ("Before the window", "In both windows", "After the guest's meeting"):
        assert body not in page
    tags = dict(db.session.execute(db.select(Message.client_id, Message.meeting_id)).all())
    assert tags == {"before-msg-01": None, "overlap-msg-1": None, "after-msg-001": None,
                    "window-msg-01": mine.id, "guest-msg-04": mine.id}


def test_a_guest_whose_window_ended_gets_no_push_even_from_a_live_session_left_open(chat_as, two_meetings):
    w = two_meetings
    channel, mine = w["channel"], w["mine"]
    move(mine, -timedelta(minutes=80), timedelta(minutes=90))
    kari, _ = chat_as(w["leader"])
    guest, guest_http = chat_as(w["professional"])
    assert kari.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    assert guest.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    assert live(kari, "open_live", channel, meeting_id=mine.id)["ok"]
    move(mine, -timedelta(minutes=91), timedelta(minutes=90))  # the meeting ended a minute ago
    assert broadcast.eject_without_access(local_only=True) == 1
    assert events(guest, "access_ended")
    assert say(kari, channel, "We ran over a little", "overrun-msg-1")["ok"]
    assert events(guest, "message") == []
    assert guest_http.get(f"/chat/{channel.id}").status_code == 404


def test_the_agenda_page_is_the_guests_own_meeting_only(app, login, two_meetings):
    w = two_meetings
    move(w["mine"], -timedelta(minutes=10), timedelta(minutes=90))
    move(w["theirs"], -timedelta(minutes=5), timedelta(minutes=60))
    client = app.test_client()
    login(client, w["professional"])
    page = client.get(f"/guest/meetings/{w['mine'].id}")
    assert page.status_code == 200 and "Talking with our children" in page.get_data(as_text=True)
    assert client.get(f"/guest/meetings/{w['theirs'].id}").status_code == 404
    base = f"/groups/{w['group'].id}/meetings"
    for meeting in (w["mine"], w["theirs"]):
        for path in (f"{base}/{meeting.id}", f"{base}/{meeting.id}/log", f"{base}/{meeting.id}/guests"):
            assert client.get(path).status_code == 404, path
