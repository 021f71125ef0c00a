"""Time-giver access rules as an actor × action matrix. Pure: plain objects, no app or database."""
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from aftercare import policy
from aftercare.accounts.models import Role


def person(user_id, *roles, disabled=False):
    return SimpleNamespace(id=user_id, roles=frozenset(Role(r) for r in roles), is_authenticated=True,
                           is_active=not disabled, professional_verified_at=None)


ACTORS = {
    "requesting_participant": person(1, "participant"),
    "other_participant": person(2, "participant"),
    "the_time_giver": person(3, "time_giver", "participant"),
    "other_time_giver": person(4, "time_giver"),
    "coordinator": person(5, "coordinator"),
    "professional": person(6, "professional"),
    "admin": person(7, "admin"),
    "anonymous": AnonymousUserMixin(),
    "disabled_coordinator": person(8, "coordinator", disabled=True),
}

TIME_GIVER = SimpleNamespace(id=30, user_id=3, state="active")
REQUEST = SimpleNamespace(id=10, participant_id=1, state="waiting", can_be_withdrawn=True)
MATCHED_REQUEST = SimpleNamespace(id=11, participant_id=1, state="matched", can_be_withdrawn=False)


def proposal(state):
    return SimpleNamespace(request=REQUEST, time_giver=TIME_GIVER, state=state,
                           awaits_participant=state == "awaiting_participant",
                           awaits_time_giver=state == "awaiting_time_giver",
                           is_pending=state in ("awaiting_participant", "awaiting_time_giver"))


def match(active=True):
    return SimpleNamespace(participant_id=1, time_giver_user_id=3, is_active=active)


ACTIONS = {
    "apply": lambda u: policy.can_apply_as_time_giver(u),
    "edit_time_giver_profile": lambda u: policy.can_edit_time_giver_profile(u, TIME_GIVER),
    "vet": lambda u: policy.can_vet(u),
    "vet_time_giver": lambda u: policy.can_vet_time_giver(u, TIME_GIVER),
    "change_time_giver_state": lambda u: policy.can_change_time_giver_state(u, TIME_GIVER),
    # The matched participant ("requesting_participant") never sees how to reach her time-giver.
    "see_time_giver_contact": lambda u: policy.can_see_time_giver_contact(u, TIME_GIVER),
    "ask": lambda u: policy.can_ask_for_time_giver(u),
    "view_own_request": lambda u: policy.can_view_own_request(u, REQUEST),
    "withdraw_request": lambda u: policy.can_withdraw_request(u, REQUEST),
    "withdraw_matched_request": lambda u: policy.can_withdraw_request(u, MATCHED_REQUEST),
    "view_request_for_matching": lambda u: policy.can_view_request_for_matching(u, REQUEST),
    "propose": lambda u: policy.can_propose(u, REQUEST, TIME_GIVER),
    "withdraw_proposal": lambda u: policy.can_withdraw_proposal(u, proposal("awaiting_time_giver")),
    "withdraw_answered_proposal": lambda u: policy.can_withdraw_proposal(u, proposal("accepted")),
    "answer_as_participant": lambda u: policy.can_respond_to_proposal(u, proposal("awaiting_participant")),
    "answer_as_time_giver": lambda u: policy.can_respond_to_proposal(u, proposal("awaiting_time_giver")),
    "answer_declined": lambda u: policy.can_respond_to_proposal(u, proposal("declined")),
    "view_match": lambda u: policy.can_view_match(u, match()),
    "log_meetup": lambda u: policy.can_log_meetup(u, match()),
    "log_meetup_ended": lambda u: policy.can_log_meetup(u, match(active=False)),
    "end_match": lambda u: policy.can_end_match(u, match()),
    "end_ended_match": lambda u: policy.can_end_match(u, match(active=False)),
    "check_in": lambda u: policy.can_check_in(u, match()),
    "follow_up_matches": lambda u: policy.can_follow_up_matches(u),
}

PAIR = {"requesting_participant", "the_time_giver"}
EXPECTED = {
    "apply": {"requesting_participant", "other_participant", "the_time_giver", "other_time_giver", "admin"},
    "edit_time_giver_profile": {"the_time_giver"},
    "vet": {"coordinator"},
    "vet_time_giver": {"coordinator"},
    "change_time_giver_state": {"the_time_giver", "coordinator"},
    "see_time_giver_contact": {"the_time_giver", "coordinator"},
    "ask": {"requesting_participant", "other_participant", "the_time_giver"},
    "view_own_request": {"requesting_participant"},
    "withdraw_request": {"requesting_participant"},
    "withdraw_matched_request": set(),
    "view_request_for_matching": {"coordinator"},
    "propose": {"coordinator"},
    "withdraw_proposal": {"coordinator"},
    "withdraw_answered_proposal": set(),
    "answer_as_participant": {"requesting_participant"},
    "answer_as_time_giver": {"the_time_giver"},
    "answer_declined": set(),
    "view_match": PAIR,
    "log_meetup": PAIR,
    "log_meetup_ended": set(),
    "end_match": PAIR,
    "end_ended_match": set(),
    "check_in": PAIR,
    "follow_up_matches": {"coordinator"},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_matrix(actor, action):
    assert ACTIONS[action](ACTORS[actor]) is (actor in EXPECTED[action])


def test_a_coordinator_never_vets_or_matches_themselves():
    coordinator = person(9, "coordinator", "participant")
    own_application = SimpleNamespace(user_id=9, state="applied")
    own_request = SimpleNamespace(participant_id=9, state="waiting")
    assert not policy.can_vet_time_giver(coordinator, own_application)
    assert not policy.can_view_request_for_matching(coordinator, own_request)
    assert not policy.can_propose(coordinator, REQUEST, SimpleNamespace(user_id=1))  # the participant themselves


def test_a_declined_or_retired_profile_is_not_edited():
    owner = ACTORS["the_time_giver"]
    for state in ("declined", "retired"):
        assert not policy.can_edit_time_giver_profile(owner, SimpleNamespace(user_id=3, state=state))


def test_time_giver_policies_are_template_tests(app):
    for name in ("can_vet", "can_apply_as_time_giver", "can_respond_to_proposal", "can_log_meetup", "can_end_match",
                 "can_see_time_giver_contact"):
        assert name in app.jinja_env.tests
