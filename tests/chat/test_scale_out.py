"""Two real app processes (gunicorn + gevent) on two ports, one PostgreSQL, one Redis: a message posted
through one process reaches a member connected to the other, a member removed through one process is cut
off on the other, and logging out through one closes the login's sockets on the other."""
import re
import threading
import time

import pytest
import requests
import socketio

from aftercare.chat.services import channel_for_group
from aftercare.extensions import db

from ..factories import Factories, make_group_in_db
from ..processes import app_processes

pytestmark = pytest.mark.multiprocess


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    with app_processes(tmp_path_factory.mktemp("proc"), "aftercare_scale") as (app, urls):
        yield app, urls


class Person:
    """A signed-in member with an HTTP session and a socket, on one of the processes."""

    def __init__(self, base_url, username):
        self.url = base_url
        self.http = requests.Session()
        page = self.http.get(base_url + "/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = self.http.post(base_url + "/login", data={"username": username, "password": "correct horse battery",
                                                             "csrf_token": token}, allow_redirects=False)
        assert response.status_code == 302
        self.received, self.ended = [], threading.Event()
        self.arrived = threading.Event()
        self.socket = socketio.Client(reconnection=False)
        self.socket.on("message", self._on_message)
        self.socket.on("access_ended", lambda data: self.ended.set())

    def _on_message(self, data):
        self.received.append(data)
        self.arrived.set()

    def csrf(self, path="/account"):
        return re.search(r'name="csrf_token" value="([^"]+)"', self.http.get(self.url + path).text).group(1)

    def connect(self, channel_id, via=None):
        """Open the socket on this person's process, or `via` another one (the same login)."""
        token = self.csrf()  # first: it may store the token in the session cookie
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        # websocket-client sends the Origin of the URL itself, as a browser would
        self.socket.connect(via or self.url, headers={"Cookie": cookie},
                            auth={"csrf_token": token}, transports=["websocket"], wait_timeout=10)
        assert self.socket.call("join", {"channel_id": channel_id, "last_seq": 0}, timeout=10)["ok"]


def test_messages_cross_processes_and_removal_cuts_off_everywhere(deployment):
    app, (url_a, url_b) = deployment
    with app.app_context():
        factories = Factories()
        leader = factories.user(["participant"], username="kari")
        first = factories.user(["participant"], username="mona")
        second = factories.user(["participant"], username="nina")
        group = make_group_in_db(factories, leaders=[leader], members=[first, second])
        group_id, channel_id, second_id = group.id, channel_for_group(group).id, second.id

    mona, nina = Person(url_a, "mona"), Person(url_b, "nina")
    mona.connect(channel_id)
    nina.connect(channel_id)
    ack = mona.socket.call("send", {"channel_id": channel_id, "client_id": "cross-process-01",
                                    "body": "Hello from process A"}, timeout=10)
    assert ack["ok"]
    assert nina.arrived.wait(10), "the message did not reach the other process"
    assert [m["body"] for m in nina.received] == ["Hello from process A"]

    kari = Person(url_a, "kari")
    token = kari.csrf(f"/groups/{group_id}/members/{second_id}/remove")
    removed = kari.http.post(f"{url_a}/groups/{group_id}/members/{second_id}/remove",
                             data={"reason": "Taking a break", "csrf_token": token}, allow_redirects=False)
    assert removed.status_code == 302
    assert nina.ended.wait(10), "the removed member was not cut off on the other process"

    nina.received.clear()
    assert mona.socket.call("send", {"channel_id": channel_id, "client_id": "cross-process-02",
                                     "body": "After the removal"}, timeout=10)["ok"]
    time.sleep(1)
    assert nina.received == []
    assert nina.socket.call("fetch", {"channel_id": channel_id, "after_seq": 0}, timeout=10)["ok"] is False
    for person in (mona, nina):
        person.socket.disconnect()


def test_logging_out_through_one_process_closes_the_logins_sockets_on_the_other(deployment):
    app, (url_a, url_b) = deployment
    with app.app_context():
        factories = Factories()
        leader, member = factories.user(["participant"], username="liv"), factories.user(["participant"], username="olga")
        channel_id = channel_for_group(make_group_in_db(factories, leaders=[leader], members=[member])).id

    olga = Person(url_a, "olga")
    closed, signed_out = threading.Event(), threading.Event()
    olga.socket.on("disconnect", lambda *_reason: closed.set())
    olga.socket.on("signed_out", lambda *_data: signed_out.set())
    olga.connect(channel_id, via=url_b)  # the same login's page, served by the other process
    try:
        token = olga.csrf()
        assert olga.http.post(f"{url_a}/logout", data={"csrf_token": token},
                              allow_redirects=False).status_code == 302
        assert signed_out.wait(10), "the page on the other process was not told"
        assert closed.wait(10), "the login's socket on the other process stayed open"
    finally:
        olga.socket.disconnect()


def test_a_guest_on_the_other_process_is_sent_their_own_meetings_messages_only(deployment):
    """Pushes go through Redis to the guest's meeting room: nothing of the group's other meeting, held live
    at an overlapping time, reaches a guest connected to the other process."""
    from datetime import time as clock, timedelta

    from aftercare.meetings import services as meetings
    from aftercare.meetings.models import Meeting
    from aftercare.timeutil import utcnow

    from ..factories import totp_code

    app, (url_a, url_b) = deployment
    with app.app_context():
        factories = Factories()
        leader, member, other = (factories.user(["participant"], username=name) for name in ("gro", "siv", "tone"))
        factories.user(["professional"], username="berg")
        group = make_group_in_db(factories, leaders=[leader], members=[member, other])
        channel_id = channel_for_group(group).id
        first = (utcnow() + timedelta(days=3)).date()
        ids = []
        for n, (starts_in, minutes) in enumerate(((-10, 90), (-5, 60))):
            meeting = meetings.schedule(leader, group, first_date=first + timedelta(days=n), start_time=clock(18, 0),
                                        end_time=clock(19, 0), online=True).meetings[0]
            if n == 0:
                invitation = meetings.propose_guest(member, meeting, "berg")
                meetings.vote_guest(other, meeting, invitation.id, "yes")
                assert invitation.status == "adopted"
            start = utcnow() + timedelta(minutes=starts_in)
            db.session.execute(db.update(Meeting).where(Meeting.id == meeting.id).values(
                starts_at=start, ends_at=start + timedelta(minutes=minutes)))
            ids.append(meeting.id)
        db.session.commit()
    mine, theirs = ids

    gro, siv = Person(url_a, "gro"), Person(url_a, "siv")
    berg = Person(url_b, "berg")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', berg.http.get(url_b + "/login/code").text).group(1)
    assert berg.http.post(url_b + "/login/code", data={"code": totp_code("berg"), "csrf_token": token},
                          allow_redirects=False).status_code == 302
    for person in (gro, siv, berg):
        person.connect(channel_id)
    try:
        for meeting_id, body in ((theirs, "Their meeting"), (mine, "The guest's meeting")):
            assert gro.socket.call("open_live", {"channel_id": channel_id, "meeting_id": meeting_id}, timeout=10)["ok"]
            assert siv.socket.call("send", {"channel_id": channel_id, "client_id": f"guest-scale-{meeting_id}",
                                            "body": body}, timeout=10)["ok"]
            assert gro.socket.call("close_live", {"channel_id": channel_id}, timeout=10)["ok"]
        assert berg.arrived.wait(10), "the guest's meeting's message did not reach the other process"
        assert siv.socket.call("send", {"channel_id": channel_id, "client_id": "guest-scale-after",
                                        "body": "After it"}, timeout=10)["ok"]
        time.sleep(1)
        assert [m["body"] for m in berg.received] == ["The guest's meeting"]
        history = berg.socket.call("fetch", {"channel_id": channel_id, "after_seq": 0}, timeout=10)
        assert [m["body"] for m in history["messages"]] == ["The guest's meeting"]
    finally:
        for person in (gro, siv, berg):
            person.socket.disconnect()
