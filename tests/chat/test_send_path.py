"""The send event's short path: a post is decided from one row of facts and stored in few statements (on
PostgreSQL two round trips, in autocommit). It asks the one posting rule, as the full path does, and must
get the same answer; a refusal, a guest, a resend or an ended login goes the full way, which explains."""
import gc
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, text

from aftercare import policy
from aftercare.accounts.models import LoginSession, Role, UserRole
from aftercare.accounts.services import start_login_session
from aftercare.chat import broadcast, services, sweeper
from aftercare.chat.models import LiveMeeting, Message, Mute
from aftercare.chat.services import fast_lane, posting, presence
from aftercare.exceptions import ServiceError
from aftercare.extensions import db
from aftercare.groups.models import Membership
from aftercare.timeutil import utcnow

from .conftest import events

IDLE_MINUTES = 60


def login_id(user):
    login = start_login_session(user, "test")
    db.session.commit()
    return login.public_id


def _membership(group, user):
    return db.session.scalar(select(Membership).where(Membership.group_id == group.id, Membership.user_id == user.id))


@pytest.fixture
def world(make_user, make_group):
    leader, member, outsider = (make_user(display_name=n) for n in ("Kari", "Mona", "Olga"))
    group = make_group(leaders=[leader], members=[member])
    channel = services.channel_for_group(group)
    giver, participant = make_user(["time_giver"], display_name="Tor"), make_user(display_name="Pia")
    pair = services.open_pair_channel(giver, participant)
    db.session.commit()
    return dict(leader=leader, member=member, outsider=outsider, group=group, channel=channel, giver=giver,
                participant=participant, pair=pair)


def _group_case(change, who="member"):
    def setup(w, now):
        change(w, now)
        db.session.commit()
        return w[who], w["channel"]
    return setup


def _set(obj_key, who="member", **values):
    return _group_case(lambda w, now: [setattr(w[obj_key], k, v(now) if callable(v) else v)
                                       for k, v in values.items()], who)


def _mute(w, now):
    db.session.add(Mute(channel_id=w["channel"].id, user_id=w["member"].id, muted_by_id=w["leader"].id,
                        until=now + timedelta(hours=1)))


def _membership_status(status):
    return _group_case(lambda w, now: setattr(_membership(w["group"], w["member"]), "status", status))


def _new_rules(w, now):
    w["group"].rules_version += 1


def _posted_just_now(who):
    def change(w, now):
        w["channel"].slow_mode_seconds, w["channel"].last_seq = 30, 1
        db.session.add(Message(channel_id=w["channel"].id, seq=1, author_id=w[who].id, client_id="earlier-post-01",
                               body="a moment ago", created_at=now - timedelta(seconds=5)))
    return _group_case(change, who)


def _live_under_the_floor_rule(who, floor=None):
    def change(w, now):
        w["group"].floor_only_in_meetings = True
        db.session.add(LiveMeeting(channel_id=w["channel"].id, opened_by_id=w["leader"].id,
                                   floor_user_id=w[floor].id if floor else None))
    return _group_case(change, who)


def _staff_kind(w, now):
    w["member"].role_rows.append(UserRole(role=Role.ADMIN))


R = policy.PostingRefusal
# name -> (setup returning (user, channel), what the one posting rule says: None (may post) or the refusal).
# Both lanes decide on it, each on the facts it loads: they must give the same answer.
CASES = {
    "member": (_group_case(lambda w, now: None), None),
    "leader": (lambda w, now: (w["leader"], w["channel"]), None),
    "pair: time-giver": (lambda w, now: (w["giver"], w["pair"]), None),
    "pair: participant": (lambda w, now: (w["participant"], w["pair"]), None),
    "outsider in a group": (lambda w, now: (w["outsider"], w["channel"]), R.RULES_NOT_ACCEPTED),
    "outsider in a pair": (lambda w, now: (w["outsider"], w["pair"]), R.NOT_ALLOWED),
    "member who left": (_membership_status("left"), R.NOT_ALLOWED),
    "removed member": (_membership_status("removed"), R.NOT_ALLOWED),
    "rules not accepted": (_group_case(_new_rules), R.RULES_NOT_ACCEPTED),
    "closed group": (_set("group", phase="closed", closed_at=lambda now: now), R.GROUP_CLOSED),
    "paused channel": (_set("channel", paused=True), R.PAUSED),
    "paused channel: a leader": (_set("channel", "leader", paused=True), None),
    "slow mode, no earlier post": (_set("channel", slow_mode_seconds=30), None),
    "slow mode, posted just now": (_posted_just_now("member"), R.SLOW_MODE),
    "slow mode, a leader who posted just now": (_posted_just_now("leader"), None),
    "muted member": (_group_case(_mute), R.MUTED),
    "floor rule, no meeting live": (_set("group", floor_only_in_meetings=True), None),
    "floor rule, meeting live": (_live_under_the_floor_rule("member"), R.FLOOR_RULE),
    "floor rule, meeting live: the floor holder": (_live_under_the_floor_rule("member", floor="member"), None),
    "floor rule, meeting live: a leader": (_live_under_the_floor_rule("leader"), None),
    "closed pair channel": (lambda w, now: (w["participant"], _closed(w["pair"], now)), R.CHANNEL_CLOSED),
    "disabled account": (_set("member", is_disabled=True), R.RULES_NOT_ACCEPTED),
    "a staff kind beside an old membership": (_group_case(_staff_kind), R.RULES_NOT_ACCEPTED),
}

# What the person is told, word for word as before the rule was one (the full path explains refusals; an
# outsider, a former member and a disabled account cannot read the channel and are told it does not exist).
TOLD = {
    R.RULES_NOT_ACCEPTED: "The group's rules have changed. Read and accept them before you post again.",
    R.GROUP_CLOSED: "The group has closed. You can still read its chat for a while.",
    R.PAUSED: "A leader has paused the chat. You can read, and post again when it opens.",
    R.SLOW_MODE: "Slow mode is on: you can post again in 26 seconds.",
    R.MUTED: "A leader has muted you for the rest of this meeting. You can still read.",
    R.FLOOR_RULE: "During the meeting only the person with the floor and the leaders write. Raise your hand to "
                  "get the floor; you can still react.",
    R.CHANNEL_CLOSED: "This conversation has ended. You can still read it.",
}


def _closed(channel, now):
    channel.closed_at = now
    db.session.commit()
    return channel


def _full_path(user, channel, now):
    """(stored, the error's text)."""
    try:
        services.post_message(user, channel, client_id="full-path-check-1", body="hello", now=now)
    except ServiceError as error:
        db.session.rollback()
        return False, str(getattr(error, "message", None) or error)
    return True, None


@pytest.mark.parametrize("case", CASES)
def test_the_fast_lane_and_the_full_path_decide_alike(app, world, case):
    setup, expected = CASES[case]
    now = utcnow()
    user, channel = setup(world, now)
    row = services.posting_facts(login_id(user), channel.id, now)
    assert policy.posting_refusal(fast_lane.rule_facts(row, now)) is expected
    user, channel = db.session.merge(user), db.session.merge(channel)
    full_facts = policy.PostingFacts.of(user, channel, None, posting._posting_moment(user, channel, now))
    assert policy.posting_refusal(full_facts) is expected
    stored, told = _full_path(user, channel, now)
    assert stored is (expected is None)
    if expected is not None and policy.can_read_channel(user, channel):
        assert told == TOLD[expected]


@pytest.mark.parametrize("case", CASES)
def test_the_fast_lane_stores_exactly_what_the_rule_allows(app, world, case):
    setup, expected = CASES[case]
    user, channel = setup(world, utcnow())
    public_id = login_id(user)
    before = db.session.scalar(select(func.count()).select_from(Message))
    quick = services.post_quickly(public_id, channel.id, "fast-lane-case-1", "hello")
    assert (quick is not None) is (expected is None)
    db.session.expire_all()  # on PostgreSQL the short path writes on its own connection
    assert db.session.scalar(select(func.count()).select_from(Message)) == before + (expected is None)


@pytest.mark.parametrize("change", ["ended", "idle", "unknown"])
def test_the_short_path_needs_a_live_login(app, world, change):
    now = utcnow()
    public_id = login_id(world["member"])
    login = db.session.scalar(select(LoginSession).where(LoginSession.public_id == public_id))
    if change == "ended":
        login.ended_at = now
    elif change == "idle":
        login.last_seen_at = now - timedelta(minutes=IDLE_MINUTES + 1)
    db.session.commit()
    facts = services.posting_facts("no-such-login" if change == "unknown" else public_id, world["channel"].id, now)
    assert policy.posting_refusal(fast_lane.rule_facts(facts, now)) is not None
    assert services.post_quickly(public_id if change != "unknown" else "no-such-login", world["channel"].id,
                                 "short-path-id-01", "hello") is None
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_an_ordinary_post_is_stored_and_described_as_the_full_path_would(app, world):
    view, created = services.post_quickly(login_id(world["member"]), world["channel"].id, "short-path-id-02",
                                          "  Good to see you all  ")
    assert created
    stored = db.session.get(Message, view["id"])
    assert stored.body == "Good to see you all" and stored.seq == 1 and stored.author_id == world["member"].id
    assert view == services.message_view(stored, None)


def test_the_short_path_leaves_resends_and_bad_input_to_the_full_path(app, world):
    public_id = login_id(world["member"])
    assert services.post_quickly(public_id, world["channel"].id, "short-path-id-03", "first")[1]
    assert services.post_quickly(public_id, world["channel"].id, "short-path-id-03", "first") is None  # a resend
    db.session.expire_all()  # on PostgreSQL the short path writes on its own connection
    assert db.session.get(type(world["channel"]), world["channel"].id).last_seq == 1  # its number was given back
    for channel_id, client_id, body in [(world["channel"].id, "bad id!", "x"), (world["channel"].id,
                                        "short-path-id-04", ""), (str(world["channel"].id), "short-path-id-05", "x"),
                                        (world["channel"].id, "short-path-id-06", "x" * 2001)]:
        assert services.post_quickly(public_id, channel_id, client_id, body) is None
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_a_resend_racing_its_twin_is_stored_once_and_keeps_the_numbers_gapless(app, world, monkeypatch):
    """Two copies of one post arrive at once and both pass the facts check: the unique constraint stops
    the second, and its sequence number is not spent."""
    decide = fast_lane._may_post_quickly
    monkeypatch.setattr(fast_lane, "_may_post_quickly",
                        lambda facts, now: decide(SimpleNamespace(**{**facts._asdict(), "resent": False}), now))
    public_id = login_id(world["member"])
    assert services.post_quickly(public_id, world["channel"].id, "twin-post-id-01", "first")[1]
    assert services.post_quickly(public_id, world["channel"].id, "twin-post-id-01", "first") is None
    view, _ = services.post_quickly(public_id, world["channel"].id, "twin-post-id-02", "second")
    assert view["seq"] == 2
    assert db.session.scalar(select(func.count()).select_from(Message)) == 2


def test_a_channel_deleted_while_a_post_is_decided_stores_nothing(app, world, monkeypatch):
    decide = fast_lane._may_post_quickly
    channel_id = world["channel"].id

    def decide_then_delete(facts, now):
        allowed = decide(facts, now)
        db.session.execute(db.delete(type(world["channel"])).where(type(world["channel"]).id == channel_id))
        if db.engine.dialect.name == "postgresql":  # there the short path reads and writes on its own connection
            db.session.commit()
        return allowed

    monkeypatch.setattr(fast_lane, "_may_post_quickly", decide_then_delete)
    assert services.post_quickly(login_id(world["member"]), channel_id, "deleted-chan-01", "hello?") is None
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_the_posting_limit_counts_the_persons_own_messages_in_its_window(app, world):
    app.config["CHAT_RATE_LIMIT"] = "2 per minute"
    member, channel = world["member"], world["channel"]
    public_id = login_id(member)
    for n in range(2):
        assert services.post_quickly(public_id, channel.id, f"limit-post-{n:02d}", "hi")[1]
    assert services.post_quickly(public_id, channel.id, "limit-post-09", "one too many") is None
    with pytest.raises(ServiceError, match="very quickly"):
        services.post_message(db.session.merge(member), db.session.merge(channel), client_id="limit-post-09",
                              body="one too many")
    db.session.rollback()
    assert services.post_quickly(login_id(world["leader"]), channel.id, "limit-other-01", "others may")[1]
    db.session.execute(db.update(Message).where(Message.author_id == member.id)
                       .values(created_at=utcnow() - timedelta(seconds=61)))
    db.session.commit()
    assert services.post_quickly(public_id, channel.id, "limit-post-09", "a minute later")[1]


def test_a_dropped_database_connection_sends_the_post_the_full_way(app, chat_as, world):
    """PostgreSQL: the short path's pool does not ping; when its connection has died (a database restart),
    the post still succeeds, on the main pool, and the next one takes the short path again."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the autocommit pool exists on PostgreSQL only")
    mona, _ = chat_as(world["member"])
    assert mona.emit("join", {"channel_id": world["channel"].id}, callback=True)["ok"]
    assert mona.emit("send", {"channel_id": world["channel"].id, "client_id": "before-drop-01", "body": "a"},
                     callback=True)["seq"] == 1
    db.session.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    db.session.commit()
    for n, expected_seq in ((2, 2), (3, 3)):
        ack = mona.emit("send", {"channel_id": world["channel"].id, "client_id": f"after-drop-{n:02d}",
                                 "body": "b"}, callback=True)
        assert ack["ok"] and ack["seq"] == expected_seq
    assert db.session.scalar(select(func.count()).select_from(Message)) == 3


def test_posting_over_a_socket_keeps_the_login_alive_and_stops_when_it_ends(app, chat_as, world):
    member, channel = world["member"], world["channel"]
    mona, http = chat_as(member)
    assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    login = db.session.scalar(select(LoginSession).where(LoginSession.user_id == member.id,
                                                         LoginSession.ended_at.is_(None)))
    login.last_seen_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    ack = mona.emit("send", {"channel_id": channel.id, "client_id": "socket-path-01", "body": "hi"}, callback=True)
    assert ack["ok"]
    db.session.expire_all()
    assert utcnow() - db.session.get(LoginSession, login.id).last_seen_at < timedelta(minutes=1)
    db.session.get(LoginSession, login.id).ended_at = utcnow()  # logged out on another tab
    db.session.commit()
    ack = mona.emit("send", {"channel_id": channel.id, "client_id": "socket-path-02", "body": "after"},
                    callback=True)
    assert ack["ok"] is False
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_socket_events_leave_no_reference_cycles(app, chat_as, world):
    """Each event runs in a request context made from the handshake. A 404 raised while matching its path
    kept the whole context alive in a cycle, and werkzeug's matcher leaves a small cycle on every match;
    the socket's events share one match, so posting leaves nothing for the garbage collector."""
    mona, _ = chat_as(world["member"])
    assert mona.emit("join", {"channel_id": world["channel"].id}, callback=True)["ok"]
    mona.emit("send", {"channel_id": world["channel"].id, "client_id": "cycle-check-first", "body": "hi"},
              callback=True)

    def garbage_left_by_sends(window):
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for n in range(5):
                mona.emit("send", {"channel_id": world["channel"].id, "client_id": f"cycle-check-{window}{n:02d}",
                                   "body": "hello"}, callback=True)
            gc.collect()
            return {type(obj).__name__ for obj in gc.garbage}
        finally:
            gc.set_debug(0)
            gc.garbage.clear()

    # What the events leave behind shows in every window; an earlier test's leftovers (a disposed pool, a
    # finished client thread) that happen to become garbage meanwhile show in one only.
    assert sorted(garbage_left_by_sends("a") & garbage_left_by_sends("b")) == []


def test_a_sockets_session_cookie_is_verified_again_each_minute(app, chat_as, world, monkeypatch):
    """Events reuse the handshake's decoded session for up to a minute; after that the cookie is checked
    again (here it no longer verifies, as after a change of secret key), and the events stop working."""
    from aftercare import security

    mona, _ = chat_as(world["member"])
    assert mona.emit("join", {"channel_id": world["channel"].id}, callback=True)["ok"]
    secret = app.secret_key
    app.secret_key = "a-different-secret-key"
    try:
        first = mona.emit("send", {"channel_id": world["channel"].id, "client_id": "recheck-post-01", "body": "a"},
                          callback=True)
        assert first["ok"], first
        later = security.time.monotonic() + security.SESSION_RECHECK_SECONDS + 1
        monkeypatch.setattr(security.time, "monotonic", lambda: later)
        ack = mona.emit("send", {"channel_id": world["channel"].id, "client_id": "recheck-post-02", "body": "b"},
                        callback=True)
    finally:
        app.secret_key = secret
    assert ack["ok"] is False
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_a_post_finding_the_short_paths_pool_busy_goes_the_full_way(app, chat_as, world, monkeypatch):
    """PostgreSQL: the short path's pool never grows beyond its size; a post that cannot get one of its
    connections soon enough is stored on the main pool instead."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the autocommit pool exists on PostgreSQL only")
    from aftercare import database

    database.dispose(app)
    monkeypatch.setitem(app.config, "DATABASE_AUTOCOMMIT_POOL_SIZE", 1)
    monkeypatch.setattr(database, "AUTOCOMMIT_POOL_TIMEOUT", 0.2)
    mona, _ = chat_as(world["member"])
    assert mona.emit("join", {"channel_id": world["channel"].id}, callback=True)["ok"]
    try:
        with database.autocommit_engine(app).connect():  # the pool's only connection, held elsewhere
            ack = mona.emit("send", {"channel_id": world["channel"].id, "client_id": "busy-pool-01", "body": "a"},
                            callback=True)
        assert ack["ok"] and ack["seq"] == 1
    finally:
        database.dispose(app)


@pytest.mark.parametrize("batch", [250, 1])  # the sweep checks sockets a batch at a time
def test_the_sweep_leaves_members_alone_and_ejects_a_disabled_account(app, chat_as, world, batch, monkeypatch):
    monkeypatch.setattr(presence, "SWEEP_CHUNK", batch)
    mona, _ = chat_as(world["member"])
    kari, _ = chat_as(world["leader"])
    for socket in (mona, kari):
        assert socket.emit("join", {"channel_id": world["channel"].id}, callback=True)["ok"]
    assert broadcast.eject_without_access(local_only=True) == 0
    world["member"].is_disabled = True
    db.session.commit()
    assert broadcast.eject_without_access(local_only=True) == 1
    assert events(mona, "access_ended") and not events(kari, "access_ended")


def test_logging_out_other_devices_closes_their_sockets_at_once(app, chat_as, world):
    from aftercare.accounts.services import end_other_login_sessions

    member, channel = world["member"], world["channel"]
    phone, _ = chat_as(member)
    laptop, laptop_http = chat_as(member)
    for socket in (phone, laptop):
        assert socket.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    laptop_login = db.session.scalars(select(LoginSession.public_id).where(
        LoginSession.user_id == member.id, LoginSession.ended_at.is_(None)).order_by(LoginSession.id)).all()[-1]
    assert end_other_login_sessions(member, keep_public_id=laptop_login) == 1
    assert not phone.is_connected() and laptop.is_connected()
    assert laptop.emit("send", {"channel_id": channel.id, "client_id": "still-here-01", "body": "hi"},
                       callback=True)["ok"]


@pytest.mark.parametrize("batch", [250, 1])
def test_the_sweep_closes_sockets_whose_login_ended_elsewhere(app, chat_as, world, batch, monkeypatch):
    """Another process ended the login (its own sockets closed at once); this one closes its own at the
    next sweep, and an idle login counts as ended."""
    monkeypatch.setattr(presence, "SWEEP_CHUNK", batch)
    member, channel = world["member"], world["channel"]
    mona, _ = chat_as(member)
    kari, _ = chat_as(world["leader"])
    for socket in (mona, kari):
        assert socket.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    assert sweeper.disconnect_ended_logins() == 0
    db.session.execute(db.update(LoginSession).where(LoginSession.user_id == member.id).values(ended_at=utcnow()))
    db.session.execute(db.update(LoginSession).where(LoginSession.user_id == world["leader"].id)
                       .values(last_seen_at=utcnow() - timedelta(minutes=IDLE_MINUTES + 5)))
    db.session.commit()
    assert sweeper.disconnect_ended_logins() == 2
    assert not mona.is_connected() and not kari.is_connected()


def test_a_reader_learns_the_channels_latest_number_without_a_broadcast(app, chat_as, world):
    """The page asks every few seconds; a message whose broadcast never came (Redis down between the
    processes) is noticed from the number, and fetched."""
    channel = world["channel"]
    mona, _ = chat_as(world["member"])
    assert mona.emit("latest", {"channel_id": channel.id}, callback=True)["ok"] is False  # not joined yet
    assert mona.emit("join", {"channel_id": channel.id, "last_seq": 0}, callback=True)["ok"]
    assert mona.emit("latest", {"channel_id": channel.id}, callback=True) == {
        "ok": True, "channel_id": channel.id, "last_seq": 0}
    # Stored through another process, whose broadcast is lost: only the number tells.
    services.post_message(world["leader"], channel, client_id="lost-broadcast-01", body="you missed me")
    assert mona.emit("latest", {"channel_id": channel.id}, callback=True)["last_seq"] == 1


@pytest.mark.parametrize("payload", [None, "1", {"channel_id": "1"}, {"channel_id": True}, {"channel_id": None},
                                     {}, {"channel_id": 10 ** 30}])
def test_the_latest_number_is_only_for_a_channel_the_socket_has_joined(app, chat_as, world, payload):
    kari, _ = chat_as(world["outsider"])
    mona, _ = chat_as(world["member"])
    assert mona.emit("join", {"channel_id": world["channel"].id}, callback=True)["ok"]
    ack = kari.emit("latest", {"channel_id": world["channel"].id}, callback=True)
    assert ack["ok"] is False and "last_seq" not in ack
    ack = mona.emit("latest", payload, callback=True)
    assert ack["ok"] is False and "last_seq" not in ack and ack["error"]


def test_a_database_that_is_down_fails_fast(app):
    """PostgreSQL: connecting gives up within seconds, and the send path's statements are capped on the
    server (a stuck statement cannot hold a send past its answer)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's timeouts")
    from aftercare.database import autocommit_engine

    with autocommit_engine().connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "1500ms"
        with pytest.raises(Exception, match="statement timeout"):
            connection.execute(text("SELECT pg_sleep(3)"))
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["connect_timeout"] == 2
    assert db.engine.pool.timeout() == app.config["DATABASE_POOL_TIMEOUT"]
