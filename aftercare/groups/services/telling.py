"""Who is told of each step in a group: only the people it needs or concerns, never the person acting."""
from ... import policy
from ...notifications.services import acted_on, notify


def invitation_about(invitation):
    return f"group_invitation:{invitation.id}"


def invited(invitation, group):
    notify([invitation.invitee_id], "group_invited", link=f"/groups/invitations/{invitation.id}",
           about=invitation_about(invitation), group=group.name)


def place_offered(entry, group):
    notify([entry.user_id], "group_place_offered", link="/groups/", about=f"waiting_entry:{entry.id}",
           group=group.name)


def proposal_about(proposal):
    return f"rule_proposal:{proposal.id}"


def vote_waiting(proposal, group, proposer):
    """To the members who can vote now; the proposer's own yes is already counted."""
    voters = [m.user_id for m in group.active_memberships if m.user_id != proposer.id and policy.can_vote(m.user, group)]
    notify(voters, "rule_vote_waiting", link=f"/groups/{group.id}/rules", about=proposal_about(proposal),
           group=group.name)


def proposal_decided(proposal, group, rules_changed):
    members = [m.user_id for m in group.active_memberships]
    acted_on(members, proposal_about(proposal))
    if rules_changed:
        notify(members, "rules_changed", link=f"/groups/{group.id}/rules", about=f"group_rules:{group.id}",
               group=group.name)


def made_leader(membership, group):
    notify([membership.user_id], "made_leader", link=f"/groups/{group.id}/members", group=group.name)


def removed(membership, group):
    """The member is told; the reason is never copied into the notification."""
    notify([membership.user_id], "removed_from_group", link="/groups/", group=group.name)
