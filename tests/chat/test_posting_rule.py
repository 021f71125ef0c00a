"""The one posting rule (policy.posting_refusal), pure: who one is in a channel × what the channel is doing
now → may post, or why not. No app, no database: the rule decides on the facts it is given."""
from datetime import timedelta

import pytest

from aftercare import policy
from aftercare.policy import PostingFacts, PostingMoment, PostingRefusal
from aftercare.timeutil import utcnow

NOW = utcnow()
RULES_VERSION = 2

# Who one is: the facts of one's standing in a group channel (the pair's person, in a pair channel).
_MEMBER = dict(kind="group", signed_in=True, may_be_member=True, membership_status="active",
               membership_role="member", accepted_rules_version=RULES_VERSION)
ROLES = {
    "member": _MEMBER,
    "leader": {**_MEMBER, "membership_role": "leader"},
    "guest": dict(kind="group", signed_in=True, guest_in_window=True, guest_posts_belong=True),
    # In their window, while what is posted belongs to another meeting (or theirs was already held live).
    "guest_elsewhere": dict(kind="group", signed_in=True, guest_in_window=True),
    "pair": dict(kind="pair", signed_in=True, in_pair=True),
    "outsider": dict(kind="group", signed_in=True, may_be_member=True),
    "former": {**_MEMBER, "membership_status": "left"},
    "old_rules": {**_MEMBER, "accepted_rules_version": RULES_VERSION - 1},
    # A row from before the account gained a staff kind: it counts for nothing.
    "staff_row": {**_MEMBER, "may_be_member": False},
    "signed_out": dict(kind="group", signed_in=False),
}

# What the channel is doing: the moment's facts, and the channel's and group's own state.
_LIVE = dict(floor_only_in_meetings=True, live_open=True)
STATES = {
    "open": dict(moment={}),
    "standing alone": dict(moment=None),  # the page's composer and raising a hand: the moment aside
    "paused": dict(moment=dict(paused=True)),
    "muted": dict(moment=dict(muted=True)),
    "floor rule, no meeting live": dict(moment=dict(floor_only_in_meetings=True)),
    "floor rule, meeting live": dict(moment=_LIVE),
    "floor rule, holding the floor": dict(moment={**_LIVE, "has_floor": True}),
    "slow mode, posted 5 s ago": dict(moment=dict(slow_mode_seconds=30, last_post_at=NOW - timedelta(seconds=5))),
    "slow mode, posted 60 s ago": dict(moment=dict(slow_mode_seconds=30, last_post_at=NOW - timedelta(seconds=60))),
    "slow mode, never posted": dict(moment=dict(slow_mode_seconds=30)),
    "channel closed": dict(moment={}, channel_closed=True),
    "group closed (reading time)": dict(moment={}, group_closed=True),
}

OK = None
GUEST, ENDED, GROUP_CLOSED = (PostingRefusal.GUEST_OUTSIDE_MEETING, PostingRefusal.CHANNEL_CLOSED,
                              PostingRefusal.GROUP_CLOSED)
RULES, NOT, PAUSED = PostingRefusal.RULES_NOT_ACCEPTED, PostingRefusal.NOT_ALLOWED, PostingRefusal.PAUSED
MUTED, FLOOR, SLOW = PostingRefusal.MUTED, PostingRefusal.FLOOR_RULE, PostingRefusal.SLOW_MODE

# Standing is decided first, then the moment. Those who cannot read the channel (outsider, former member,
# staff row, signed out) are told it does not exist before the rule is asked; their reason here is what
# the page would say. A pair channel has no leaders, no floor rule and no group to close. A guest writes
# into their own meeting, while their window holds, whatever the group's phase.
COLUMNS = ("member", "leader", "guest", "guest_elsewhere", "pair", "outsider", "former", "old_rules",
           "staff_row", "signed_out")
TABLE = {
    #                                 member  leader  guest  g.else  pair    outs.  former  old_r. staff  s.out
    "open":                          (OK,     OK,     OK,    GUEST,  OK,     RULES, NOT,    RULES, RULES, RULES),
    "standing alone":                (OK,     OK,     OK,    GUEST,  OK,     RULES, NOT,    RULES, RULES, RULES),
    "paused":                        (PAUSED, OK,     PAUSED, GUEST, PAUSED, RULES, NOT,    RULES, RULES, RULES),
    "muted":                         (MUTED,  MUTED,  MUTED, GUEST,  MUTED,  RULES, NOT,    RULES, RULES, RULES),
    "floor rule, no meeting live":   (OK,     OK,     OK,    GUEST,  OK,     RULES, NOT,    RULES, RULES, RULES),
    "floor rule, meeting live":      (FLOOR,  OK,     FLOOR, GUEST,  OK,     RULES, NOT,    RULES, RULES, RULES),
    "floor rule, holding the floor": (OK,     OK,     OK,    GUEST,  OK,     RULES, NOT,    RULES, RULES, RULES),
    "slow mode, posted 5 s ago":     (SLOW,   OK,     SLOW,  GUEST,  SLOW,   RULES, NOT,    RULES, RULES, RULES),
    "slow mode, posted 60 s ago":    (OK,     OK,     OK,    GUEST,  OK,     RULES, NOT,    RULES, RULES, RULES),
    "slow mode, never posted":       (OK,     OK,     OK,    GUEST,  OK,     RULES, NOT,    RULES, RULES, RULES),
    "channel closed":                (ENDED,  ENDED,  GUEST, GUEST,  ENDED,  ENDED, ENDED,  ENDED, ENDED, ENDED),
    "group closed (reading time)":   (GROUP_CLOSED, GROUP_CLOSED, OK, GUEST, OK, GROUP_CLOSED, GROUP_CLOSED,
                                      GROUP_CLOSED, GROUP_CLOSED, GROUP_CLOSED),
}


def facts(role, state):
    spec = dict(STATES[state])
    moment = spec.pop("moment")
    return PostingFacts(**{"channel_closed": False, "rules_version": RULES_VERSION, **ROLES[role], **spec},
                        moment=None if moment is None else PostingMoment(now=NOW, **moment))


def test_the_table_covers_every_role_and_state():
    assert set(TABLE) == set(STATES) and set(COLUMNS) == set(ROLES)
    assert all(len(row) == len(COLUMNS) for row in TABLE.values())


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", COLUMNS)
def test_posting_rule_table(role, state):
    assert policy.posting_refusal(facts(role, state)) is TABLE[state][COLUMNS.index(role)]


def test_nothing_known_is_refused():
    assert policy.posting_refusal(None) is PostingRefusal.NOT_ALLOWED


@pytest.mark.parametrize("state, wait", [("slow mode, posted 5 s ago", 25), ("slow mode, posted 60 s ago", 0),
                                         ("slow mode, never posted", 0), ("open", 0), ("standing alone", 0)])
def test_slow_mode_counts_the_seconds_left(state, wait):
    assert policy.slow_mode_wait(facts("member", state)) == wait
