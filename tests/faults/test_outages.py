"""Faults injected while 20 members chat through two real app processes: a worker killed with SIGKILL,
Redis restarted, PostgreSQL restarted (stopped "immediate") and PostgreSQL frozen (SIGSTOP). Each time:
no acknowledged message is lost, none is stored twice, every member ends with every message (no gap)
without waiting for a later one, every send on a live connection is answered within 2 s, and the app
recovers without a restart. Redis down: logging in still works, and logging out still closes the
login's sockets on the other process once Redis is back."""
import re
import signal
import threading
import time
import uuid
from collections import defaultdict

import pytest
import requests
import socketio
from sqlalchemy import func, select

from aftercare.accounts.models import User
from aftercare.chat.models import Channel, Message
from aftercare.chat.services import channel_for_group
from aftercare.extensions import db

from ..factories import DEFAULT_PASSWORD, Factories, make_group_in_db
from .conftest import FIGURES, _kill

pytestmark = pytest.mark.multiprocess

MEMBERS = 20
ANSWER_BUDGET = 2.0  # seconds: every send on a live connection is answered within this
CHECK_EVERY = 2.0    # seconds between a member's checks of the channel's latest sequence number
SEND_EVERY = 0.4     # seconds between one member's messages


def login(http, base_url, username, password=DEFAULT_PASSWORD):
    page = http.get(base_url + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return http.post(base_url + "/login", data={"username": username, "password": password, "csrf_token": token},
                     allow_redirects=False, timeout=10)


class Member:
    """One signed-in member's socket, behaving as the page's script does: it sends from an outbox with
    client ids (again after no answer or a "retry"), joins again after reconnecting, asks for the
    channel's latest sequence number every few seconds and fetches whatever it lacks."""

    def __init__(self, base_url, username, channel_id):
        self.url, self.username, self.channel_id = base_url, username, channel_id
        self.http = requests.Session()
        assert login(self.http, base_url, username).status_code == 302
        self.lock = threading.Lock()
        self.seqs = set()
        self.by_broadcast = set()
        self.last_seq = 0
        self.joined = threading.Event()
        self.disconnects = 0
        self.acked, self.answers, self.failures = {}, [], []
        self.unanswered_live = 0
        self.join_errors = []
        self.interrupted = 0
        self.socket = socketio.Client(reconnection=True, reconnection_attempts=0, reconnection_delay=0.3,
                                      reconnection_delay_max=1, randomization_factor=0.2)
        self.socket.on("connect", lambda: self.joined.clear())
        self.socket.on("disconnect", self._disconnected)
        self.socket.on("message", self._message)

    def _disconnected(self, *_reason):
        self.disconnects += 1
        self.joined.clear()

    def _message(self, data):
        if data.get("channel_id") == self.channel_id:
            with self.lock:
                self.seqs.add(data["seq"])
                self.by_broadcast.add(data["seq"])
                while self.last_seq + 1 in self.seqs:
                    self.last_seq += 1

    def connect(self):
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.http.get(self.url + "/account", timeout=10).text)
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        self.socket.connect(self.url, headers={"Cookie": cookie}, auth={"csrf_token": token.group(1)},
                            transports=["websocket"], wait_timeout=10)

    def _call(self, event, data, timeout=5):
        return self.socket.call(event, data, timeout=timeout)

    def _ensure_joined(self):
        if self.joined.is_set() or not self.socket.connected:
            return self.joined.is_set()
        try:
            ack = self._call("join", {"channel_id": self.channel_id, "last_seq": self.last_seq}, timeout=10)
        except Exception as error:
            self.join_errors.append(repr(error))
            return False
        if not (ack and ack.get("ok")):
            self.join_errors.append(repr(ack))
        if ack and ack.get("ok"):
            self._take(ack["messages"])
            self.joined.set()
        return self.joined.is_set()

    def _take(self, messages):
        with self.lock:
            self.seqs.update(m["seq"] for m in messages)
            while self.last_seq + 1 in self.seqs:
                self.last_seq += 1

    def catch_up(self):
        """Ask for the latest sequence number; fetch what is missing. Returns the latest (or None)."""
        try:
            latest = self._call("latest", {"channel_id": self.channel_id})
        except Exception:
            return None
        if not latest or not latest.get("ok"):
            return None
        self._take([])
        if latest["last_seq"] > self.last_seq:
            try:
                fetched = self._call("fetch", {"channel_id": self.channel_id, "after_seq": self.last_seq}, timeout=10)
            except Exception:
                return None
            if fetched and fetched.get("ok"):
                self._take(fetched["messages"])
        return latest["last_seq"]

    def send(self, client_id, body, deadline):
        """Send until acknowledged (same client id each time); records each answer's time."""
        while time.monotonic() < deadline:
            if not self._ensure_joined():
                time.sleep(0.1)
                continue
            disconnects, started = self.disconnects, time.monotonic()
            try:
                ack = self._call("send", {"channel_id": self.channel_id, "client_id": client_id, "body": body})
            except socketio.exceptions.TimeoutError:
                if self.disconnects == disconnects and self.socket.connected:
                    self.unanswered_live += 1
                else:
                    self.interrupted += 1
                continue
            except socketio.exceptions.SocketIOError:  # not connected at this moment
                time.sleep(0.1)
                continue
            self.answers.append((started, time.monotonic() - started, bool(ack and ack.get("retry"))))
            if ack and ack.get("ok"):
                self.acked[client_id] = ack["seq"]
                return True
            if ack and ack.get("retry"):
                time.sleep(0.3)
                continue
            self.failures.append(ack)
            return False
        return False


@pytest.fixture(scope="module")
def chat(faulty_deployment):
    app, processes, postgres, redis_server = faulty_deployment
    with app.app_context():
        factories = Factories()
        leader = factories.user(["participant"], username="faultleader")
        people = [factories.user(["participant"], username=f"fault{n:02d}") for n in range(MEMBERS)]
        channel_id = channel_for_group(make_group_in_db(factories, leaders=[leader], members=people, capacity=MEMBERS + 5)).id
        usernames = [p.username for p in people]
    members = [Member(processes[n % 2].url, name, channel_id) for n, name in enumerate(usernames)]
    for member in members:
        member.connect()
    yield dict(app=app, processes=processes, postgres=postgres, redis=redis_server, channel_id=channel_id,
               members=members)
    for member in members:
        try:
            member.socket.disconnect()
        except Exception:
            pass


def burst(chat, fault_name, inject, seconds=12.0, fault_at=3.0):
    """Every member sends for `seconds`; `inject(record)` runs in its own thread `fault_at` seconds in
    (it returns when the fault is over). Then every member catches up with no further message. Returns
    the figures, having asserted the invariants."""
    members, app, channel_id = chat["members"], chat["app"], chat["channel_id"]
    run = uuid.uuid4().hex[:6]
    start = time.monotonic()
    stop_at = start + seconds
    hard_deadline = start + seconds + 60
    window = {}
    sent = defaultdict(list)
    before = [(len(m.seqs), len(m.by_broadcast)) for m in members]
    for member in members:
        member.unanswered_live = member.interrupted = 0

    def member_loop(index, member):
        n = 0
        next_check = time.monotonic()
        while time.monotonic() < stop_at:
            client_id = f"{run}-{index:02d}-{n:04d}"
            sent[index].append(client_id)
            member.send(client_id, f"{fault_name} {client_id}", hard_deadline)
            n += 1
            if time.monotonic() >= next_check:
                member.catch_up()
                next_check = time.monotonic() + CHECK_EVERY
            time.sleep(SEND_EVERY)

    def fault():
        time.sleep(fault_at)
        window["from"] = time.monotonic()
        inject(window)
        window["to"] = time.monotonic()

    threads = [threading.Thread(target=member_loop, args=(i, m), daemon=True) for i, m in enumerate(members)]
    injector = threading.Thread(target=fault, daemon=True)
    for thread in threads + [injector]:
        thread.start()
    injector.join(max(0.0, hard_deadline - time.monotonic()))
    for thread in threads:
        thread.join(max(0.0, hard_deadline - time.monotonic()))
    stuck = [(m.username, m.socket.connected, m.joined.is_set(), m.disconnects, len(m.acked), m.join_errors[-3:])
             for m, t in zip(members, threads) if t.is_alive()]
    assert not injector.is_alive() and not stuck, f"the burst did not end in time: {stuck}"
    burst_end = time.monotonic()

    with app.app_context():
        last_seq = db.session.scalar(select(Channel.last_seq).where(Channel.id == channel_id))
        db.session.remove()
    # No message is sent from here on: each member must find what it missed by asking.
    caught_up = {}
    catch_deadline = time.monotonic() + 30
    while len(caught_up) < len(members) and time.monotonic() < catch_deadline:
        for index, member in enumerate(members):
            if index in caught_up:
                continue
            member._ensure_joined()
            member.catch_up()
            if member.last_seq >= last_seq:
                caught_up[index] = time.monotonic() - burst_end
        time.sleep(CHECK_EVERY / 4)

    with app.app_context():
        rows = db.session.execute(select(Message.client_id, Message.seq, Message.body, User.username)
                                  .join(User, User.id == Message.author_id)
                                  .where(Message.channel_id == channel_id, Message.client_id.like(f"{run}-%"))).all()
        all_seqs = db.session.scalars(select(Message.seq).where(Message.channel_id == channel_id)).all()
        db.session.remove()
    stored = defaultdict(int)
    for row in rows:
        stored[row.client_id] += 1
    bodies = defaultdict(int)
    for row in rows:
        bodies[(row.username, row.body)] += 1
    acked = {cid: seq for m in members for cid, seq in m.acked.items() if cid.startswith(run)}
    lost = [cid for cid in acked if stored.get(cid, 0) == 0]
    doubled = [key for key, count in bodies.items() if count > 1]
    unacked = [cid for i in sent for cid in sent[i] if cid not in acked]
    answers = [a for m in members for a in m.answers if a[0] >= start]
    slowest = max((a[1] for a in answers), default=0.0)
    figures = dict(
        fault=fault_name, sent=sum(len(v) for v in sent.values()), acked=len(acked), lost=len(lost),
        doubled=len(doubled), retry_answers=sum(1 for a in answers if a[2]),
        slowest_answer_s=slowest, caught_up_s=max(caught_up.values(), default=float("nan")),
        unanswered_live=sum(m.unanswered_live for m in members),
        interrupted=sum(m.interrupted for m in members),
        missed_broadcasts=[(len(m.seqs) - seqs) - (len(m.by_broadcast) - broadcast)
                           for m, (seqs, broadcast) in zip(members, before)])
    figures["notes"] = (f"fault lasted {window.get('to', 0) - window.get('from', 0):.1f} s; sends cut off by a "
                        f"dropped connection {figures['interrupted']}; unanswered on a live connection "
                        f"{figures['unanswered_live']}; messages each member found by asking rather than by "
                        f"broadcast: min {min(figures['missed_broadcasts'])} "
                        f"max {max(figures['missed_broadcasts'])}" + window.get("notes", ""))
    FIGURES.append(figures)
    print(figures)

    assert not [f for m in members for f in m.failures], "a send was refused"
    assert not unacked, f"{len(unacked)} messages were never acknowledged"
    assert not lost, f"acknowledged but not stored: {lost[:5]}"
    assert all(count == 1 for count in stored.values()) and not doubled, "a message was stored twice"
    assert sorted(all_seqs) == list(range(1, last_seq + 1)), "the channel's numbering has gaps"
    assert figures["unanswered_live"] == 0, "a send on a live connection got no answer"
    assert slowest <= ANSWER_BUDGET, f"the slowest answer took {slowest:.2f} s"
    assert len(caught_up) == len(members), "a member did not catch up without a further message"
    for member in members:
        assert set(range(1, last_seq + 1)) <= member.seqs, "a member has a gap"
    return figures


def _healthy(process):
    return requests.get(process.url + "/healthz", timeout=2).ok


def test_a_worker_killed_mid_burst(chat):
    process = chat["processes"][0]

    def kill_worker(window):
        worker = process.worker()
        _kill(worker)  # the gunicorn master starts a new one
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if process.worker() not in (None, worker) and _healthy(process):
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError("the worker did not come back")

    figures = burst(chat, "worker killed (SIGKILL)", kill_worker)
    assert figures["interrupted"] >= 0


def test_redis_restarted_mid_burst_login_still_works_and_logout_reaches_the_other_process(chat):
    redis_server, (url_a, url_b) = chat["redis"], [p.url for p in chat["processes"]]

    def restart_redis(window):
        redis_server.stop()
        time.sleep(1)
        started = time.monotonic()
        response = login(requests.Session(), url_a, "fault00")
        window["notes"] = (f"; login while Redis was down: HTTP {response.status_code} in "
                           f"{time.monotonic() - started:.2f} s")
        window["login_status"] = response.status_code
        time.sleep(max(0.0, 4 - (time.monotonic() - window["from"])))
        redis_server.start()

    window_probe = {}
    original = restart_redis

    def probe(window):
        original(window)
        window_probe.update(window)

    burst(chat, "Redis restarted", probe)
    assert window_probe["login_status"] == 302, "logging in failed while Redis was down"

    # Once Redis is back, logging out through one process closes the login's socket on the other.
    with chat["app"].app_context():
        Factories().user(["participant"], username="faultleaver")
    leaver = Member(url_a, "faultleaver", chat["channel_id"])
    closed = threading.Event()
    leaver.socket.on("disconnect", lambda *_r: closed.set())
    leaver.url = url_b
    leaver.connect()  # the same login's socket, on the other process
    leaver.url = url_a
    token = re.search(r'name="csrf_token" value="([^"]+)"', leaver.http.get(url_a + "/account").text).group(1)
    assert leaver.http.post(url_a + "/logout", data={"csrf_token": token}, allow_redirects=False).status_code == 302
    assert closed.wait(10), "logging out after the Redis restart left the socket on the other process open"
    leaver.socket.disconnect()


def test_postgresql_restarted_mid_burst(chat):
    postgres = chat["postgres"]

    def restart_postgres(window):
        postgres.stop("immediate")
        time.sleep(4)
        postgres.start()

    burst(chat, "PostgreSQL restarted (immediate)", restart_postgres)


def test_postgresql_frozen_mid_burst(chat):
    """A database that neither answers nor closes (a hung host): sends are still answered in time."""
    postgres = chat["postgres"]

    def freeze_postgres(window):
        frozen = postgres.processes()
        for pid in frozen:
            _kill(pid, signal.SIGSTOP)
        try:
            time.sleep(4)
        finally:
            for pid in frozen:
                _kill(pid, signal.SIGCONT)

    burst(chat, "PostgreSQL frozen (SIGSTOP)", freeze_postgres)


def test_the_app_recovered_without_a_restart(chat):
    with chat["app"].app_context():
        total = db.session.scalar(select(func.count()).select_from(Message))
    assert total > 0
    member = chat["members"][0]
    member.send(f"after-{uuid.uuid4().hex[:8]}", "all is well", time.monotonic() + 10)
    assert member.acked and all(_healthy(p) for p in chat["processes"])
