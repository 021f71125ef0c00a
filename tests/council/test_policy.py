"""The council's access rules as a role × phase × action matrix. Pure: plain objects, no app or database."""
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from aftercare import policy
from aftercare.accounts.models import Role
from aftercare.timeutil import utcnow


def person(user_id, *roles, organisation="Nettverksråd", verified=True):
    return SimpleNamespace(id=user_id, roles=frozenset(Role(r) for r in roles), is_authenticated=True, is_active=True,
                           is_disabled=False, professional_verified_at=utcnow() if verified else None,
                           organisation=organisation)


OWNER, COORDINATOR, PROFESSIONAL = 1, 2, 3
ACTORS = {
    "owner": person(OWNER, "participant"),
    "her_coordinator": person(COORDINATOR, "council_coordinator"),
    "her_coordinator_unverified": person(COORDINATOR, "council_coordinator", organisation=None),
    "other_council_coordinator": person(4, "council_coordinator"),
    "asked_professional": person(PROFESSIONAL, "professional"),
    "asked_but_unverified": person(PROFESSIONAL, "professional", verified=False),
    "other_professional": person(5, "professional"),
    "aftercare_coordinator": person(6, "coordinator"),
    "admin": person(7, "admin"),
    "other_participant": person(8, "participant"),
    "anonymous": AnonymousUserMixin(),
}
MOMENTS = ("preparing", "information", "plan", "decision", "following_up", "ended")


def council(moment, kind="council", share=True):
    c = SimpleNamespace(id=1, owner_id=OWNER, kind=kind, phase="following_up" if moment == "ended" else moment,
                        coordinator_id=COORDINATOR, coordinator_state="accepted", owner_agreed_at=utcnow(),
                        coordinator_agreed_at=utcnow(), ended_at=utcnow() if moment == "ended" else None)
    c.is_private = kind == "council" and c.phase == "plan"
    c.agreed = True
    c.statements = [SimpleNamespace(professional_id=PROFESSIONAL, council=c, share_lines=share, state="approved")]
    return c


def expected(actor, moment, action, kind="council"):
    running = moment != "ended"
    staff_in_room = kind == "network_meeting" or moment not in ("plan",)
    if action == "owner_reads":
        return actor == "owner"
    if action == "owner_changes":
        return actor == "owner" and running
    if action == "coordinator_sees":
        return actor == "her_coordinator" and running and staff_in_room
    if action == "professional_statement":
        return actor == "asked_professional" and running and (
            kind == "network_meeting" or moment in ("preparing", "information"))
    if action == "professional_lines":
        return actor == "asked_professional" and moment == "following_up"
    raise AssertionError(action)


ACTIONS = {
    "owner_reads": lambda user, c: policy.is_council_owner(user, c),
    "owner_changes": lambda user, c: policy.can_change_council(user, c),
    "coordinator_sees": lambda user, c: policy.can_see_council_details(user, c),
    "professional_statement": lambda user, c: policy.can_see_statement(user, c.statements[0]),
    "professional_lines": lambda user, c: policy.can_see_lines_as_professional(user, c.statements[0]),
}


@pytest.mark.parametrize("kind", ["council", "network_meeting"])
@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_council_matrix(actor, moment, action, kind):
    assert ACTIONS[action](ACTORS[actor], council(moment, kind)) is expected(actor, moment, action, kind)


def test_a_professional_gets_no_lines_unless_she_shares_them():
    c = council("following_up", share=False)
    assert not policy.can_see_lines_as_professional(ACTORS["asked_professional"], c.statements[0])


def test_a_coordinator_sees_only_the_request_until_both_accepted_the_agreement():
    c = council("preparing")
    c.coordinator_state, c.agreed = "asked", False
    coordinator = ACTORS["her_coordinator"]
    assert policy.can_see_council_as_coordinator(coordinator, c) and not policy.can_see_council_details(coordinator, c)


def test_only_a_verified_council_coordinator_can_be_chosen_and_every_council_coordinator_uses_two_factor():
    assert policy.can_be_chosen_as_council_coordinator(ACTORS["her_coordinator"])
    assert not policy.can_be_chosen_as_council_coordinator(ACTORS["her_coordinator_unverified"])
    assert not policy.can_be_chosen_as_council_coordinator(ACTORS["asked_professional"])
    assert policy.must_use_two_factor(ACTORS["her_coordinator_unverified"])
    assert policy.is_staff(ACTORS["her_coordinator"])


def test_an_invitee_marks_only_their_own_line_and_only_after_the_plan_is_finished():
    c = council("following_up")
    invitee, other = SimpleNamespace(id=10, council=c), SimpleNamespace(id=11, council=c)
    line = SimpleNamespace(council=c, owner_kind="invitee", invitee_id=10, professional_id=None)
    assert policy.can_mark_council_line(None, line, invitee) and not policy.can_mark_council_line(None, line, other)
    assert not policy.can_mark_council_line(ACTORS["owner"], line)
    c.phase = "decision"
    assert not policy.can_mark_council_line(None, line, invitee)
    c.phase, c.ended_at = "following_up", utcnow()
    assert not policy.can_mark_council_line(None, line, invitee) and not policy.can_open_invitation(invitee)
