"""Fuzzing every socket event the server registers (a new event is covered without touching this file):
random types, sizes, unicode (lone surrogates, NUL, controls, direction overrides), NaN and Infinity,
huge integers and nesting, near-valid payloads built from each event's own schema, as a leader and as
an outsider. Every event must be answered with a proper success or a clear error, log no traceback,
and change no row when refused. Reproducible (derandomized) and bounded: EXAMPLES per event."""
import hashlib
import logging
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from aftercare.chat import events as chat_events  # noqa: F401  (registers the handlers)
from aftercare.chat.payloads import MALFORMED, SCHEMAS, Bool, Choice, Id, Int, Text
from aftercare.chat.services import channel_for_group, post_message
from aftercare.extensions import db, socketio

EXAMPLES = 30
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])

# The handlers as registered (before and after the server exists), so none can be left out.
REGISTERED = sorted({name for name, _handler, namespace in socketio.handlers if (namespace or "/") == "/"})
NOT_SENDABLE = {"connect", "*"}  # connect is fuzzed through its auth; "*" through random event names
CLIENT_EVENTS = [name for name in REGISTERED if name not in NOT_SENDABLE]

# --- strategies ---

ODD_CHARACTERS = st.sampled_from(["\x00", "\ud800", "\udfff", "\u202e", "\u200b", "\ufeff", "\x07", "\x1b", "\r",
                                  "\n", "\t", "\x7f", "é", "ø", "😀", "\U0010ffff", "'", '"', "<", "\\"])
TEXT = st.text(alphabet=st.one_of(ODD_CHARACTERS, st.characters(exclude_categories=())), max_size=40)
HUGE_TEXT = st.sampled_from([10, 301, 501, 4001, 200_000]).map(lambda n: "x" * n)
NUMBERS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70),
                    st.sampled_from([0, -1, 1, 2**31 - 1, 2**31, 2**63, 10**99, -(10**99)]),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.nan, math.inf, -math.inf]))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT, HUGE_TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)
DEEP = st.integers(min_value=1, max_value=400).map(lambda depth: _nest(depth))


def _nest(depth):
    value = "bottom"
    for _ in range(depth):
        value = [value]
    return value


ANY = st.one_of(VALUES, DEEP)


def valid_value(field, ids):
    """Values the field accepts (or almost: one past its bounds), so that fuzzing reaches the services."""
    if isinstance(field, Id):
        return st.sampled_from(ids + [1, 2, 3, 2**31 - 1])
    if isinstance(field, Int):
        return st.integers(min_value=field.minimum - 1, max_value=min(field.maximum, 10**6) + 1)
    if isinstance(field, Bool):
        return st.booleans()
    if isinstance(field, Choice):
        return st.sampled_from(sorted(field.choices))
    if isinstance(field, Text):
        return st.one_of(st.text(max_size=min(field.max_length, 30)), st.just("x" * (field.max_length + 1)),
                         st.sampled_from(["fuzz-client-id-0001", "   ", "Hello there"]))
    return ANY


def payloads(event, ids):
    """Arguments of one emit: near-valid objects built from the event's schema, or anything at all."""
    schema = SCHEMAS.get(event)
    anything = st.lists(ANY, max_size=3).map(tuple)
    if schema is None:
        return anything
    fields = {name: st.one_of(valid_value(field, ids), valid_value(field, ids), ANY)
              for name, field in schema.fields.items()}
    near_valid = st.fixed_dictionaries({}, optional=fields).flatmap(
        lambda data: st.one_of(st.just(data),
                               st.dictionaries(TEXT, ANY, max_size=2).map(lambda extra: {**extra, **data}))
    ).map(lambda data: (data,))
    return st.one_of(near_valid, near_valid, near_valid, anything)


# --- the world, the log, the rows ---

class Captured(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def log_records():
    handler = Captured()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.records
    root.removeHandler(handler)
    root.setLevel(previous)


VOLATILE = {("login_sessions", "last_seen_at")}  # touched by any signed-in request, at most once a minute


def checksum(skip_tables=()):
    """{table: a digest of its rows} for every table."""
    digests = {}
    for table in db.metadata.sorted_tables:
        if table.name in skip_tables:
            continue
        columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE]
        rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        digests[table.name] = hashlib.sha256(repr(rows).encode("utf-8", "backslashreplace")).hexdigest()[:16]
    db.session.commit()
    return digests


class Rows:
    """The tables' digests before an event: the last ones taken, unless something may have changed since."""

    def __init__(self):
        self.last = None

    def before(self):
        if self.last is None:
            self.last = checksum()
        return self.last

    def changed_since(self, before, socket):
        """Tables whose rows changed, but for the presence of a socket that was dropped (it goes with it)."""
        self.last = after = checksum()
        if not socket.is_connected():
            self.last = None  # the next socket is a new one, with a new login
            before, after = dict(before), dict(after)
            before.pop("chat_presence"), after.pop("chat_presence")
        return {name for name in after if after[name] != before.get(name)}


@pytest.fixture
def world(app, login, socket_client, make_user, make_group):
    """A group with a message, and sockets for its leader and for an outsider, reconnected when dropped."""
    app.config["CHAT_RATE_LIMIT"] = "100000 per minute"
    leader, member, outsider = make_user(display_name="Kari"), make_user(display_name="Mona"), make_user()
    group = make_group(leaders=[leader], members=[member])
    channel = channel_for_group(group)
    message, _ = post_message(member, channel, client_id="fuzz-seed-message", body="A first message")
    ids = [channel.id, message.id, leader.id, member.id, outsider.id, group.id]
    sockets, rows = {}, Rows()

    def connect(user, auth=None):
        http = app.test_client()
        login(http, user)
        token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/account").get_data(as_text=True)).group(1)
        return socket_client(http, headers={"Origin": "http://localhost"},
                             auth={"csrf_token": token} if auth is None else auth), http, token

    def socket_of(who):
        if who not in sockets or not sockets[who].is_connected():
            sockets[who] = connect(people[who])[0]
            if who != "outsider":
                sockets[who].emit("join", {"channel_id": channel.id}, callback=True)
            rows.last = None
        return sockets[who]

    people = {"leader": leader, "member": member, "outsider": outsider}
    return {"ids": ids, "socket_of": socket_of, "connect": connect, "leader": leader, "rows": rows}


def check_answer(ack, event):
    assert isinstance(ack, dict), (event, ack)
    assert ack.get("ok") in (True, False), (event, ack)
    if ack["ok"] is False:
        assert isinstance(ack.get("error"), str) and 3 < len(ack["error"]) < 300, (event, ack)
        assert "Something went wrong" not in ack["error"], (event, ack)  # a fault of ours, not a refusal


def check_log(records, event):
    bad = [r for r in records if r.exc_info or r.levelno >= logging.ERROR or "Traceback" in r.getMessage()]
    assert not bad, (event, [r.getMessage()[:200] for r in bad])
    assert all(len(r.getMessage()) < 300 for r in records), event  # no payload is echoed


def test_every_registered_event_is_fuzzed_and_has_a_schema(app):
    assert set(socketio.server.handlers["/"]) == set(REGISTERED)
    assert set(CLIENT_EVENTS) - {"disconnect", MALFORMED} == set(SCHEMAS) - {"connect"}
    assert len(CLIENT_EVENTS) >= 18


@pytest.mark.parametrize("event", CLIENT_EVENTS)
@FUZZ
@given(data=st.data())
def test_socket_event_fuzz(world, log_records, event, data):
    """As the group's leader (who may do the most), a member, or someone outside the group."""
    who = data.draw(st.sampled_from(["leader", "member", "outsider"]), label="who")
    args = data.draw(payloads(event, world["ids"]), label="args")
    socket = world["socket_of"](who)
    before = world["rows"].before()
    log_records.clear()
    ack = socket.emit(event, *args, callback=True)
    check_log(log_records, event)
    check_answer(ack, event)
    changed = world["rows"].changed_since(before, socket)
    if ack["ok"] is False:
        assert not changed, (event, args, changed)


@FUZZ
@given(name=st.one_of(TEXT, st.sampled_from(["connect", "disconnect", MALFORMED, "*", "x" * 40])),
       args=st.lists(ANY, max_size=3))
def test_unknown_event_names_fuzz(world, log_records, name, args):
    socket = world["socket_of"]("leader")
    before = world["rows"].before()
    log_records.clear()
    ack = socket.emit(name, *args, callback=True)
    check_log(log_records, "unknown")
    changed = world["rows"].changed_since(before, socket)
    if name not in CLIENT_EVENTS:  # a registered name is fuzzed above (where success is possible)
        check_answer(ack, name)
        assert ack["ok"] is False and not changed


@settings(FUZZ, max_examples=EXAMPLES // 2)
@given(auth=st.one_of(VALUES, st.dictionaries(st.just("csrf_token"), VALUES, min_size=1)))
def test_connect_auth_fuzz(world, log_records, auth):
    log_records.clear()
    socket, _, _ = world["connect"](world["leader"], auth={} if auth is None else auth)
    check_log(log_records, "connect")
    assert not socket.is_connected()  # no fuzzed value is the page's token
