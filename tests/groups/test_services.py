"""Group services: creation, invitations, the waiting list, leaving, rules by consent, phases, purge."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftercare import policy
from aftercare.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.groups import services
from aftercare.groups.models import Group, GroupInvitation, Membership, RuleProposal, Vote, WaitingEntry
from aftercare.timeutil import utcnow

GROUP_FIELDS = dict(name="Tirsdagsgruppa", purpose="A place for mothers in LAR to share and support.",
                    kind="self_help", capacity=8, intake="closed", meeting_rhythm="Tuesdays 18:00",
                    meeting_minutes=90, chat_retention_days=30, consent_method="majority", objection_days=7)


def test_coordinator_creates_group_with_template_rules(make_user):
    coordinator, leader = make_user(["coordinator"]), make_user(["participant"])
    group = services.create_group(coordinator, [], leader_usernames=[leader.username], **GROUP_FIELDS)
    assert [m.role for m in group.memberships] == ["leader"]
    assert len(group.current_rules) == 8 and group.current_rules[0].text.startswith("Vent på tur")  # bokmål
    assert group.seats_taken == 1 and group.phase == "planning"
    assert policy.must_accept_rules(leader, group)  # appointed leaders accept the rules like everyone


@pytest.mark.parametrize("change,field", [
    ({"name": "x"}, "name"), ({"capacity": 1}, "capacity"), ({"kind": "secret"}, "kind"),
    ({"chat_retention_days": 5}, "chat_retention_days"), ({"consent_method": "leader"}, "consent_method"),
    ({"purpose": "short"}, "purpose"),
])
def test_bad_group_input_stores_nothing(make_user, change, field):
    coordinator, leader = make_user(["coordinator"]), make_user(["participant"])
    with pytest.raises(ValidationFailed) as caught:
        services.create_group(coordinator, [], leader_usernames=leader.username, **{**GROUP_FIELDS, **change})
    assert caught.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Group)) == 0


def test_only_coordinators_create_groups_and_leaders_are_participants(make_user):
    leader = make_user(["participant"])
    with pytest.raises(PermissionDenied):
        services.create_group(make_user(["admin"]), [], leader_usernames=leader.username, **GROUP_FIELDS)
    with pytest.raises(ValidationFailed):
        services.create_group(make_user(["coordinator"]), [], leader_usernames=make_user(["admin"]).username,
                              **GROUP_FIELDS)


def test_link_invitation_join_accepts_rules_and_is_single_use(make_user, make_group):
    leader, newcomer, other = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader])
    _invitation, token = services.invite_by_link(leader, group)
    invitation = services.check_group_invitation(token)
    assert services.respond_to_invitation(newcomer, invitation, join=True) == "joined"
    membership = group.membership_of(newcomer.id)
    assert membership.status == "active" and membership.accepted_rules_version == group.rules_version
    with pytest.raises(ValidationFailed, match="already been used"):
        services.check_group_invitation(token)
    with pytest.raises(ValidationFailed, match="already been used"):
        services.respond_to_invitation(other, invitation, join=True)


def test_expired_and_forged_group_invitations(make_user, make_group):
    leader = make_user()
    group = make_group(leaders=[leader])
    invitation, token = services.invite_by_link(leader, group)
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(ValidationFailed, match="expired"):
        services.check_group_invitation(token)
    with pytest.raises(ValidationFailed, match="not valid"):
        services.check_group_invitation("made-up")


def test_declining_changes_nothing_but_the_invitation(make_user, make_group):
    leader, person = make_user(), make_user()
    group = make_group(leaders=[leader])
    invitation = services.invite_by_username(leader, group, person.username)
    assert services.pending_invitations(person) == [invitation]
    assert services.respond_to_invitation(person, services.direct_invitation(person, invitation.id), False) == "declined"
    assert group.membership_of(person.id) is None and services.pending_invitations(person) == []


def test_direct_invitation_is_invisible_to_others(make_user, make_group):
    leader, person, nosy = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader])
    invitation = services.invite_by_username(leader, group, person.username)
    with pytest.raises(NotFound):
        services.direct_invitation(nosy, invitation.id)


def test_members_cannot_invite(make_user, make_group):
    member = make_user()
    group = make_group(members=[member])
    with pytest.raises(PermissionDenied):
        services.invite_by_link(member, group)


def test_full_group_puts_people_on_the_waiting_list_in_order(make_user, make_group):
    leader, member = make_user(), make_user()
    group = make_group(leaders=[leader], members=[member], capacity=2)
    first, second = make_user(), make_user()
    for person in (first, second):
        invitation = services.invite_by_username(leader, group, person.username)
        assert services.respond_to_invitation(person, invitation, True) == "waiting"
    assert [e.user_id for e in services.waiting_list(leader, group)] == [first.id, second.id]

    services.leave_group(member, group)
    entries = {e.user_id: e for e in db.session.scalars(select(WaitingEntry))}
    assert entries[first.id].status == "offered" and entries[second.id].status == "waiting"
    with pytest.raises(Conflict):
        services.respond_to_offer(second, entries[second.id].id, True)  # not their turn
    assert services.respond_to_offer(first, entries[first.id].id, True) == "joined"
    db.session.refresh(group)
    assert group.seats_taken == 2 and group.membership_of(first.id).status == "active"


def test_declined_offer_passes_to_the_next_person(make_user, make_group):
    leader, member, first, second = make_user(), make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[member], capacity=2)
    for person in (first, second):
        services.respond_to_invitation(person, services.invite_by_username(leader, group, person.username), True)
    services.leave_group(member, group)
    entry = db.session.scalar(select(WaitingEntry).where(WaitingEntry.user_id == first.id))
    services.respond_to_offer(first, entry.id, False)
    second_entry = db.session.scalar(select(WaitingEntry).where(WaitingEntry.user_id == second.id))
    assert second_entry.status == "offered"


def test_the_last_place_goes_to_one_person_only(make_user, make_group):
    """The second taker loses the atomic update even though they saw a free place."""
    leader = make_user()
    group = make_group(leaders=[leader], capacity=2)
    first, second = make_user(), make_user()
    invitations = [services.invite_by_username(leader, group, p.username) for p in (first, second)]
    db.session.refresh(group)
    assert group.seats_taken < group.capacity  # both see one free place
    outcomes = [services.respond_to_invitation(p, i, True) for p, i in zip((first, second), invitations)]
    assert sorted(outcomes) == ["joined", "waiting"]
    db.session.refresh(group)
    assert group.seats_taken == 2


def test_the_last_place_under_real_concurrency(app, make_user, make_group):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("true parallel writers need PostgreSQL")
    leader = make_user()
    group = make_group(leaders=[leader], capacity=2)
    people = [make_user() for _ in range(6)]
    invitation_ids = [services.invite_by_username(leader, group, p.username).id for p in people]
    group_id, outcomes, barrier = group.id, [], threading.Barrier(len(people))

    def take(person_id, invitation_id):
        with app.app_context():
            from aftercare.accounts.models import User

            person = db.session.get(User, person_id)
            invitation = db.session.get(GroupInvitation, invitation_id)
            barrier.wait()
            outcomes.append(services.respond_to_invitation(person, invitation, True))
            db.session.remove()

    threads = [threading.Thread(target=take, args=(p.id, i)) for p, i in zip(people, invitation_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["joined"] + ["waiting"] * 5
    db.session.expire_all()
    assert db.session.get(Group, group_id).seats_taken == 2


def test_leaving_and_removal_end_access_at_once(make_user, make_group):
    leader, leaver, removed = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[leaver, removed])
    services.leave_group(leaver, group)
    with pytest.raises(NotFound):
        services.get_group(leaver, group.id)
    with pytest.raises(ValidationFailed):
        services.remove_member(leader, group, removed.id, "")
    services.remove_member(leader, group, removed.id, "You came intoxicated twice; you are welcome to ask again later.")
    with pytest.raises(NotFound):
        services.get_group(removed, group.id)
    former = services.former_memberships(removed)
    assert former[0].removal_reason.startswith("You came intoxicated")
    db.session.refresh(group)
    assert group.seats_taken == 1


def test_members_cannot_remove_or_change_phase(make_user, make_group):
    member, other = make_user(), make_user()
    group = make_group(members=[member, other])
    with pytest.raises(PermissionDenied):
        services.remove_member(member, group, other.id, "no reason")
    with pytest.raises(PermissionDenied):
        services.advance_phase(member, group, "establishing")


def test_phases_move_on_one_at_a_time_and_closing_keeps_a_reading_window(make_user, make_group):
    leader = make_user()
    group = make_group(leaders=[leader])
    with pytest.raises(ValidationFailed):
        services.advance_phase(leader, group, "working")
    for phase in ("establishing", "working", "ending", "closed"):
        services.advance_phase(leader, group, phase)
    assert group.closed_at is not None
    assert services.get_group(leader, group.id) == group  # still readable
    with pytest.raises(PermissionDenied):
        services.propose_rule(leader, group, "add", text="One more rule")
    assert services.purge_closed_groups(now=utcnow() + timedelta(days=89)) == 0
    assert services.purge_closed_groups(now=utcnow() + timedelta(days=91)) == 1
    assert services.purge_closed_groups(now=utcnow() + timedelta(days=91)) == 0  # safe to run twice
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 0


def test_purpose_revisions_are_kept(make_user, make_group):
    leader = make_user()
    group = make_group(leaders=[leader])
    services.revise_purpose(leader, group, "We support each other as mothers in LAR, week by week.")
    services.revise_purpose(leader, group, "We support each other as mothers in LAR, and plan the ending together.")
    history = services.purpose_history(leader, group)
    assert len(history) == 2 and history[0].purpose.endswith("ending together.")


def _proposal(member, group, text="Phones on silent during meetings"):
    return services.propose_rule(member, group, "add", text=text)


def test_majority_adoption_versions_rules_and_requires_reacceptance(make_user, make_group):
    a, b, c = make_user(), make_user(), make_user()
    group = make_group(leaders=[a], members=[b, c])
    proposal = _proposal(b, group)
    services.cast_vote(b, group, proposal, "yes")
    assert proposal.status == "open"
    services.cast_vote(c, group, proposal, "yes")
    assert proposal.status == "adopted"
    db.session.refresh(group)
    assert group.rules_version == 2
    assert "Phones on silent during meetings" in [r.text for r in group.current_rules]
    assert not policy.can_post(b, group) and policy.must_accept_rules(b, group)
    services.accept_rules(b, group)
    assert policy.can_post(b, group) and not policy.can_post(c, group)


def test_votes_can_change_until_decided_and_are_unique(make_user, make_group):
    a, b, c, d = make_user(), make_user(), make_user(), make_user()
    group = make_group(leaders=[a], members=[b, c, d])
    proposal = _proposal(a, group)
    services.cast_vote(b, group, proposal, "no")
    services.cast_vote(b, group, proposal, "yes")
    assert [v.choice for v in proposal.votes if v.user_id == b.id] == ["yes"]
    db.session.add(Vote(proposal_id=proposal.id, user_id=b.id, choice="no"))
    with pytest.raises(Exception):
        db.session.commit()  # the database itself refuses a second vote
    db.session.rollback()


def test_tie_rejects_and_decided_proposals_take_no_votes(make_user, make_group):
    a, b, c, d = make_user(), make_user(), make_user(), make_user()
    group = make_group(leaders=[a], members=[b, c, d])
    proposal = _proposal(a, group)
    for person, choice in ((a, "yes"), (b, "yes"), (c, "no"), (d, "no")):
        services.cast_vote(person, group, proposal, choice)
    assert proposal.status == "rejected"
    with pytest.raises(ValidationFailed):
        services.cast_vote(a, group, proposal, "yes")


def test_member_leaving_mid_vote_can_tip_the_decision(make_user, make_group):
    a, b, c, d = make_user(), make_user(), make_user(), make_user()
    group = make_group(leaders=[a], members=[b, c, d])
    proposal = _proposal(a, group)
    services.cast_vote(a, group, proposal, "yes")
    services.cast_vote(b, group, proposal, "yes")
    assert proposal.status == "open"  # 2 of 4 is not more than half
    services.leave_group(d, group)
    services.settle_proposals(group)
    db.session.refresh(proposal)
    assert proposal.status == "adopted"  # 2 of 3 is


def test_no_objection_method_with_deadline(make_user, make_group):
    a, b = make_user(), make_user()
    group = make_group(leaders=[a], members=[b], consent_method="no_objection", objection_days=3)
    proposal = _proposal(a, group)
    services.cast_vote(b, group, proposal, "object")
    services.settle_proposals(group, now=proposal.deadline + timedelta(seconds=1))
    db.session.refresh(proposal)
    assert proposal.status == "rejected"

    second = _proposal(a, group, "Say hello to newcomers")
    services.cast_vote(b, group, second, "object")
    services.cast_vote(b, group, second, "yes")  # objection withdrawn
    services.settle_proposals(group, now=second.deadline - timedelta(hours=1))
    db.session.refresh(second)
    assert second.status == "open"
    services.settle_proposals(group, now=second.deadline)
    db.session.refresh(second)
    assert second.status == "adopted"


def test_change_and_removal_of_rules(make_user, make_group):
    a, b = make_user(), make_user()
    group = make_group(leaders=[a], members=[b])
    target = group.current_rules[6]
    change = services.propose_rule(b, group, "change", rule_id=target.id, text="Arrive on time, or send a message.")
    services.cast_vote(a, group, change, "yes")
    db.session.refresh(group)
    for person in (a, b):
        services.accept_rules(person, group)
    texts = [r.text for r in group.current_rules]
    assert "Arrive on time, or send a message." in texts and "Arrive on time." not in texts
    removal = services.propose_rule(a, group, "remove", rule_id=group.current_rules[0].id)
    services.cast_vote(b, group, removal, "yes")
    db.session.refresh(group)
    assert len(group.current_rules) == 7 and group.rules_version == 3
    assert len(services.rule_history(a, group)) == 2


def test_leaders_cannot_change_rules_alone(make_user, make_group):
    leader, b, c = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[b, c])
    proposal = services.propose_rule(leader, group, "remove", rule_id=group.current_rules[-1].id)
    services.cast_vote(leader, group, proposal, "yes")
    assert proposal.status == "open" and len(group.current_rules) == 8


def test_not_accepted_rules_block_proposing_and_voting(make_user, make_group):
    a, b = make_user(), make_user()
    group = make_group(leaders=[a], members=[b], accepted=False)
    with pytest.raises(PermissionDenied, match="Accept"):
        _proposal(a, group)
    services.accept_rules(a, group)
    proposal = _proposal(a, group)
    with pytest.raises(PermissionDenied, match="Accept"):
        services.cast_vote(b, group, proposal, "yes")
    assert db.session.scalar(select(func.count()).select_from(RuleProposal)) == 1


def test_phone_sharing_is_off_by_default_and_needs_a_number(make_user, make_group):
    member = make_user()
    group = make_group(members=[member])
    assert group.membership_of(member.id).share_phone is False
    with pytest.raises(ValidationFailed):
        services.set_phone_sharing(member, group, True)
    member.phone = "+47 912 34 567"
    services.set_phone_sharing(member, group, True)
    assert group.membership_of(member.id).share_phone is True


def test_deleting_an_account_gives_back_its_place(make_user, make_group):
    from aftercare.accounts.services import delete_account

    leader, member = make_user(), make_user()
    group = make_group(leaders=[leader], members=[member], capacity=2)
    delete_account(member, member, "correct horse battery")
    db.session.expire_all()
    group = db.session.get(Group, group.id)
    assert group.seats_taken == 1 and [m.user_id for m in group.memberships] == [leader.id]
