"""Group steps tell the people they concern: an invitation, a free place, a vote waiting, changed rules, being
made leader, being removed; never the person acting, never what anyone wrote."""
from aftercare.extensions import db
from aftercare.groups import services
from aftercare.groups.models import WaitingEntry

from aftercare.accounts.models import User

from .conftest import all_texts, in_both_languages, new, notes, only_told


def creator(group):
    """The coordinator who set the group up."""
    return db.session.get(User, group.created_by_id)


def test_a_direct_invitation_tells_the_invitee_and_answering_clears_it(make_user, make_group):
    leader, invitee, member = make_user(), make_user(username="invitee"), make_user()
    make_group(leaders=[leader], members=[invitee], name="Old group")
    group = make_group(leaders=[leader], members=[member], name="Torsdagsgruppa")
    invitation = services.invite_by_username(leader, group, "invitee")
    told = only_told("group_invited", [invitee], [leader, member])
    assert told.link == f"/groups/invitations/{invitation.id}"
    english, norwegian = in_both_languages(told, "Torsdagsgruppa")
    assert english == "You have been invited to Torsdagsgruppa"
    services.respond_to_invitation(invitee, invitation, join=False)
    assert new(invitee, "group_invited") == []


def test_a_free_place_is_offered_to_the_first_in_the_queue_and_answering_clears_it(make_user, make_group):
    leader, member, waiting, later = make_user(), make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[member], capacity=2, name="Fredagsgruppa")
    db.session.add_all([WaitingEntry(group_id=group.id, user_id=waiting.id),
                        WaitingEntry(group_id=group.id, user_id=later.id)])
    db.session.commit()
    services.leave_group(member, group)
    told = only_told("group_place_offered", [waiting], [later, leader, member])
    assert told.link == "/groups/"
    in_both_languages(told, "Fredagsgruppa")
    entry = db.session.query(WaitingEntry).filter_by(user_id=waiting.id).one()
    services.respond_to_offer(waiting, entry.id, join=True)
    assert new(waiting, "group_place_offered") == []


def test_a_rule_proposal_asks_the_other_members_to_vote_and_voting_clears_it(make_user, make_group):
    leader, first, second, third = make_user(), make_user(), make_user(), make_user()
    outsider = make_user()
    group = make_group(leaders=[leader], members=[first, second, third], name="Torsdagsgruppa")
    proposal = services.propose_rule(first, group, "add", text="PHONES STAY IN THE BAG")
    told = only_told("rule_vote_waiting", [leader, second, third], [first, outsider, creator(group)])
    assert told.link == f"/groups/{group.id}/rules" and told.about == f"rule_proposal:{proposal.id}"
    english, _norwegian = in_both_languages(told, "Torsdagsgruppa")
    assert "PHONES" not in all_texts(second)
    services.cast_vote(second, group, proposal, "yes")
    assert new(second, "rule_vote_waiting") == [] and len(new(third, "rule_vote_waiting")) == 1


def test_an_adopted_rule_asks_every_member_to_accept_and_accepting_clears_it(make_user, make_group):
    leader, first, second = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[first, second], name="Torsdagsgruppa")
    proposal = services.propose_rule(first, group, "add", text="Tea is free")
    services.cast_vote(leader, group, proposal, "yes")  # 2 of 3: adopted
    assert new(second, "rule_vote_waiting") == []  # decided: nothing to vote on any more
    told = only_told("rules_changed", [leader, first, second], [creator(group)])
    in_both_languages(told, "Torsdagsgruppa")
    services.accept_rules(second, group)
    assert new(second, "rules_changed") == [] and len(new(first, "rules_changed")) == 1


def test_being_made_leader_tells_that_member_only(make_user, make_group):
    leader, member, other = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[member, other], name="Torsdagsgruppa")
    services.make_leader(leader, group, member.id)
    told = only_told("made_leader", [member], [leader, other, creator(group)])
    assert told.link == f"/groups/{group.id}/members"
    in_both_languages(told, "Torsdagsgruppa")


def test_a_removed_member_is_told_without_the_reason_and_nobody_else_is(make_user, make_group):
    leader, member, other = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[member, other], name="Torsdagsgruppa")
    services.remove_member(leader, group, member.id, "KEPT BREAKING CONFIDENTIALITY")
    told = only_told("removed_from_group", [member], [leader, other, creator(group)])
    assert told.link == "/groups/"
    in_both_languages(told, "Torsdagsgruppa")
    assert "CONFIDENTIALITY" not in all_texts(member)
    assert notes(other, "removed_from_group") == []


def test_the_first_leaders_a_coordinator_appoints_are_told(make_user):
    from tests.groups.test_services import GROUP_FIELDS

    coordinator, leader = make_user(["coordinator"]), make_user()
    group = services.create_group(coordinator, [], leader_usernames=[leader.username], **GROUP_FIELDS)
    told = only_told("made_leader", [leader], [coordinator])
    assert told.link == f"/groups/{group.id}/members"
    in_both_languages(told, group.name)


def test_a_proposal_past_its_objection_deadline_is_settled_by_the_sweep_and_members_are_asked_to_accept(
        make_user, make_group):
    from datetime import timedelta

    from aftercare.timeutil import utcnow

    leader, member = make_user(), make_user()
    group = make_group(leaders=[leader], members=[member], consent_method="no_objection", objection_days=2,
                       name="Torsdagsgruppa")
    services.propose_rule(member, group, "add", text="Tea is free")
    only_told("rule_vote_waiting", [leader], [member])
    assert services.settle_due_proposals(utcnow() + timedelta(days=1)) == 0
    assert services.settle_due_proposals(utcnow() + timedelta(days=3)) == 1
    assert services.settle_due_proposals(utcnow() + timedelta(days=3)) == 0  # once
    assert new(leader, "rule_vote_waiting") == []
    only_told("rules_changed", [leader, member], [creator(group)])
