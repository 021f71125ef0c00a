"""Fuzz every POST route of the app with Hypothesis, as the person the route is for, with a valid CSRF token.

The routes come from `app.url_map`, so a new route is fuzzed without touching this file (a route nobody
is assigned to in BY_PREFIX is fuzzed as a group member, the commonest person). Each case fills in the
route's own form (the fields its page shows) with random values, often values taken from the page
(valid choices, ids) so that validation is sometimes passed and the service behind it runs, plus extra
fields under any name the app's forms and views read: any Unicode, numbers out of range, NaN and
Infinity, sizes up to 20,000 characters, repeated keys. A third of the cases carry control characters,
NUL, lone surrogates or raw invalid UTF-8, in one field or laced into every field. Every answer must be
below 500 without a traceback in the log, and a 4xx must leave every table as it was (row counts and a
checksum of every row).

Bounded and repeatable: a fixed seed for each route and EXAMPLES_PER_ROUTE cases. Run with -s to see the
case counts and answers per route."""
import hashlib
import logging
import re
import time
from collections import Counter
from urllib.parse import quote

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, seed, settings, strategies as st
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from aftercare.accounts.models import User
from aftercare.accounts.services import start_login_session
from aftercare.extensions import db
from aftercare.groups.models import GroupInvitation
from aftercare.matching.models import Match, Proposal, TimeGiver, TimeGiverRequest

from ..rights.test_access_walk import SOCKET_TRANSPORT, build_world

EXAMPLES_PER_ROUTE = 15  # of which NASTY_PER_ROUTE carry a control character, NUL, surrogate or raw bytes
NASTY_PER_ROUTE = 5
CASES = {}  # endpoint -> Counter of answer codes, for the summary test


def _form_classes():
    from flask_wtf import FlaskForm

    found, todo = set(), [FlaskForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def field_names():
    """Every field name of every form class, the names views read from request.form, and the CSRF name."""
    names = {"answer", "what", "action", "pair", "verified", "username", "time_giver_id", "share", "next",
             "disabled", "choice", "join", "body", "client_id"}
    for cls in _form_classes():
        for name in dir(cls):
            if isinstance(getattr(cls, name, None), UnboundField):
                names.add(name)
    return sorted(names)


ANY_TEXT = st.text(st.characters(codec=None), max_size=80)  # every code point, surrogates and controls too
CONTROLS = st.text(st.characters(min_codepoint=0, max_codepoint=0x9f), min_size=1, max_size=10)
INVISIBLE = st.text(st.sampled_from("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c"
                                    "\u200d\u200e\u200f\u2060\ufeff\u00ad"), min_size=1, max_size=6)
NUMBERS = st.one_of(st.integers(min_value=-2**70, max_value=2**70).map(str),
                    st.sampled_from(["0", "-1", "1e309", "NaN", "Infinity", "-0", "0x10", "1.5", "9" * 40]))
LONG = st.builds(lambda char, n: char * n, st.sampled_from(["a", "é", "😀", " ", "\n", "0"]),
                 st.sampled_from([61, 121, 301, 501, 2001, 5001, 20000]))
RAW = st.binary(max_size=24)  # bytes that need not be UTF-8 at all


# Text a browser could send (no controls but tab and newlines, no surrogates), invisible characters included.
STORABLE = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"], include_characters="\t\n\r"),
                   max_size=80)
NASTY_CHAR = st.one_of(st.just("\x00"), st.characters(min_codepoint=0, max_codepoint=0x1f, exclude_characters="\t\n\r"),
                       st.characters(min_codepoint=0xd800, max_codepoint=0xdfff), st.sampled_from("\x7f\x85\x9f"))
NASTY = st.one_of(ANY_TEXT, CONTROLS, RAW, st.builds(lambda a, b: a + "\x00" + b, STORABLE, STORABLE),
                  st.builds(lambda a, b, c: a + b + c, STORABLE, CONTROLS, STORABLE))


def value_strategy(page_values):
    """Values that pass the request-wide check (so forms and services get them), often values from the
    route's own page (valid choices, ids); `fields_strategy` adds controls, NUL, surrogates, raw bytes."""
    fair = st.one_of(STORABLE, NUMBERS, LONG, st.just(""),
                     st.builds(lambda a, b, c: a + b + c, STORABLE, INVISIBLE, STORABLE))
    if page_values:
        known = st.sampled_from(sorted(page_values))
        fair = st.one_of(known, known, known, fair, st.builds(lambda a, b: a + b, known, st.one_of(INVISIBLE, LONG)))
    return fair


@st.composite
def fields_strategy(draw, names, page_names, page_values, nasty=False):
    """The route's own form filled in (each field now and then left out) and a few extra fields under any
    name the app reads or none it knows; with `nasty`, one of the fields carries a nasty value."""
    value = value_strategy(page_values)
    fields = [(name, draw(value)) for name in sorted(page_names) if draw(st.integers(0, 5))]
    extra_name = st.one_of(st.sampled_from(names), STORABLE)
    fields += draw(st.lists(st.tuples(extra_name, value), max_size=4))
    if nasty and fields and draw(st.booleans()):
        # Every field of the form laced, each still non-empty, so the form's own checks pass and the
        # values would reach the service and the database if nothing stopped them earlier.
        fields = [(name, draw(STORABLE) + draw(NASTY_CHAR) + draw(STORABLE)) for name, _value in fields]
    elif nasty:
        bad = draw(NASTY)
        if fields and draw(st.booleans()):
            at = draw(st.integers(0, len(fields) - 1))
            fields[at] = (fields[at][0], bad)
        else:
            fields.insert(draw(st.integers(0, len(fields))), (draw(st.one_of(extra_name, ANY_TEXT)), bad))
    return fields


def encode(fields, csrf_token):
    """An application/x-www-form-urlencoded body built by hand, so surrogates and raw bytes go out as sent."""
    out = []
    for name, value in [("csrf_token", csrf_token)] + fields:
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        out.append(quote(name.encode("utf-8", "surrogatepass"), safe="") + "=" + quote(raw, safe=""))
    return "&".join(out).encode("ascii")


# --- the world and who posts where ---------------------------------------------------------------

ANONYMOUS = {"accounts.login", "accounts.login_code", "accounts.register", "referrals.enter_code",
             "referrals.redeem"}
BY_PREFIX = [
    ("admin.", "admin"), ("accounts.reset_two_factor", "admin"), ("referrals.create", "professional"),
    ("referrals.share", "referred"), ("referrals.delete_note", "referred"),
    ("matching.apply", "applicant"), ("matching.ask", "asker"), ("matching.withdraw_request", "asker"),
    ("matching.answer_proposal", "proposed_participant"), ("matching.volunteer_state", "time_giver"),
    ("matching.edit_profile", "time_giver"), ("matching.match", "match_participant"),
    ("matching.check_in", "match_participant"), ("matching.end_match", "match_participant"),
    ("matching.", "coordinator"), ("groups.join", "outsider"), ("groups.invitation", "outsider"),
    ("groups.waiting", "outsider"), ("groups.create", "coordinator"), ("groups.propose", "member"),
    ("groups.phone", "member"), ("meetings.propose", "member"), ("meetings.notice", "member"),
    ("meetings.removal", "member"), ("meetings.guests", "member"), ("meetings.feedback", "member"),
    ("meetings.rsvp", "member"), ("meetings.vote_guest", "member"), ("groups.", "leader"),
    ("meetings.", "leader"), ("chat.", "leader"),
]


def who_posts(endpoint):
    if endpoint in ANONYMOUS:
        return None
    for prefix, who in BY_PREFIX:
        if endpoint.startswith(prefix):
            return who
    return "member"


def people(values):
    by_name = {name: db.session.scalar(select(User).where(User.display_name == name))
               for name in ("LEADER-NAME", "MEMBER-NAME")}
    match = db.session.get(Match, values["match_id"])
    proposal = db.session.get(Proposal, values["_pending_proposal"])
    waiting_request = db.session.get(TimeGiverRequest, values["request_id"])
    outsider = db.session.get(User, db.session.get(GroupInvitation, values["invitation_id"]).invitee_id)
    return {
        "leader": by_name["LEADER-NAME"], "member": by_name["MEMBER-NAME"], "outsider": outsider,
        "admin": db.session.scalar(select(User).where(User.role_rows.any(role="admin"))),
        "coordinator": db.session.scalar(select(User).where(User.display_name == "Kari")),
        "professional": db.session.scalar(select(User).where(User.role_rows.any(role="professional"))),
        "referred": db.session.scalar(select(User).where(User.username == "referred")),
        "match_participant": match.participant, "time_giver": db.session.get(TimeGiver, match.time_giver_id).user,
        "proposed_participant": proposal.request.participant, "asker": waiting_request.participant,
        "applicant": outsider,
    }


def route_url(app, rule, values):
    params = {name: values[name] for name in rule.arguments}
    overrides = {"accounts.register": ("token", "_register_token"),
                 "matching.answer_proposal": ("proposal_id", "_pending_proposal"),
                 "meetings.decide": ("request_id", "_removal_request"),
                 "meetings.vote_guest": ("invitation_id", "_guest_invitation")}
    if rule.endpoint in overrides:
        name, key = overrides[rule.endpoint]
        params[name] = values[key]
    if rule.endpoint == "referrals.redeem":
        params["code"] = values["_referral_code"]
    if rule.endpoint.startswith("network.") and "entry_id" in params:
        params["entry_id"] = values["_network_entry"]  # her map's entry, not a waiting-list entry
    with app.test_request_context():
        return url_for(rule.endpoint, **params)


def post_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "POST" in rule.methods and rule.endpoint not in SOCKET_TRANSPORT), key=lambda r: r.endpoint)


def _endpoints():
    from aftercare import create_app

    from ..conftest import suite_config

    app = create_app(suite_config(SQLALCHEMY_DATABASE_URI="sqlite://"))
    return [rule.endpoint + " " + rule.rule for rule in post_rules(app)]


# --- what is compared -----------------------------------------------------------------------------

def checksum():
    """Row count and a digest of every row of every table; the poster's login bookkeeping (its
    last-seen time moves on every request) is left out."""
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name == "login_sessions":
            continue
        rows = sorted(repr(tuple(row)) for row in db.session.execute(select(table)).all())
        state[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode("utf-8", "surrogatepass")).hexdigest())
    return state


CLIENT_LOGGERS = ("engineio.client", "socketio.client")


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        if not record.name.startswith(CLIENT_LOGGERS):  # an earlier test's socket client closing, not the app
            self.records.append(record)


def csrf_from(page):
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return found.group(1) if found else None


def page_fields(page):
    """The field names of the page's forms (not the CSRF token) and the values its inputs and options hold."""
    names = set(re.findall(r'<(?:input|select|textarea|button)[^>]*\bname="([^"]{1,40})"', page)) - {"csrf_token"}
    return names, set(re.findall(r'value="([^"]{0,80})"', page))


ENDPOINTS = _endpoints()


@pytest.mark.parametrize("route", ENDPOINTS)
def test_fuzz_post_route(app, client, factories, route):
    endpoint = route.split(" ")[0]
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "10000 per minute"
    values = build_world(factories)
    from aftercare.referrals import services as referrals

    _referral, values["_referral_code"] = referrals.create_referral(people(values)["professional"], note="n",
                                                                    wants="group")
    rule = next(rule for rule in post_rules(app) if rule.endpoint == endpoint)
    url = route_url(app, rule, values)
    who = who_posts(endpoint)
    poster_id = people(values)[who].id if who else None

    def sign_in():
        client.delete_cookie("session")
        if poster_id is not None:
            login_session = start_login_session(db.session.get(User, poster_id))
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = login_session.public_id, True
        if endpoint == "accounts.login_code":
            with client.session_transaction() as session:  # the password step passed, the code step open
                session["two_factor_pending"] = {"user_id": people(values)["admin"].id, "since": int(time.time()),
                                                 "next": None}
        text = client.get(url, follow_redirects=True).get_data(as_text=True) if "GET" in rule.methods else ""
        token = csrf_from(text) or csrf_from(client.get("/", follow_redirects=True).get_data(as_text=True)) \
            or csrf_from(client.get("/login").get_data(as_text=True))
        return token, page_fields(text)

    token, (own_names, known) = sign_in()
    assert token, f"no CSRF token for {endpoint}"
    names = field_names()
    handler = Collect()
    loggers = [logging.getLogger(), app.logger]
    for logger in loggers:
        logger.addHandler(handler)
    state = {"token": token, "codes": Counter()}

    def post(fields):
        handler.records.clear()
        db.session.expire_all()
        before = checksum()
        response = client.post(url, data=encode(fields, state["token"]),
                               content_type="application/x-www-form-urlencoded")
        db.session.rollback()
        db.session.expire_all()
        state["codes"][response.status_code] += 1
        assert response.status_code < 500, (endpoint, fields)
        assert not [r for r in handler.records if r.exc_info or r.levelno >= logging.ERROR], (endpoint, fields)
        if 400 <= response.status_code < 500:
            assert checksum() == before, f"{endpoint} answered {response.status_code} but changed rows: {fields!r}"
        if response.status_code in (302, 303) and "/login" in response.headers.get("Location", "") \
                and who is not None:
            state["token"] = sign_in()[0]  # logged out (by /logout or an ended session): sign in again

    # Derandomized per route: the same cases on every run, different cases for each route.
    route_seed = int.from_bytes(hashlib.sha256(route.encode()).digest()[:8], "big")
    try:
        for count, nasty in ((EXAMPLES_PER_ROUTE - NASTY_PER_ROUTE, False), (NASTY_PER_ROUTE, True)):
            seed(route_seed + nasty)(settings(max_examples=count, deadline=None, database=None,
                                              suppress_health_check=list(HealthCheck))(
                given(fields=fields_strategy(names, own_names, known, nasty=nasty))(post)))()
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    CASES[route] = state["codes"]
    assert sum(state["codes"].values()) >= EXAMPLES_PER_ROUTE


def test_every_post_route_was_fuzzed():
    """Reported with -s: cases and answers over all routes (run with the rest of this module). The fuzz
    reached past the CSRF and input checks: a good share of cases got a form page back or did something."""
    if len(CASES) < len(ENDPOINTS):
        pytest.skip("run the whole module to count")
    total = sum((codes for codes in CASES.values()), Counter())
    print(f"\nform fuzz: {len(CASES)} POST routes, {sum(total.values())} cases, answers {dict(sorted(total.items()))}")
    for endpoint, codes in sorted(CASES.items()):
        print(f"  {endpoint}: {dict(sorted(codes.items()))}")
    assert len(CASES) == len(ENDPOINTS) and sum(total.values()) >= EXAMPLES_PER_ROUTE * len(ENDPOINTS)
    reached = [endpoint for endpoint, codes in CASES.items() if codes[200] + codes[302] + codes[303] + codes[409]]
    assert len(reached) >= len(ENDPOINTS) // 2, reached
