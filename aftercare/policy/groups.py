"""Closed groups."""
from ..accounts.models import Role
from .guests import is_guest_in_window
from .roles import _roles, is_coordinator, is_signed_in

# --- who may be in a group ---

# Kinds whose powers reach beyond a member's: their holders are never members or leaders.
STAFF_KINDS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.PROFESSIONAL, Role.COUNCIL_COORDINATOR})


def may_be_group_member(person):
    """Only participants are ever members or leaders of a group. An account that also holds the admin,
    coordinator or professional kind (verified or not) never is, by any path: a professional comes in
    only as a guest the group decided on, for one meeting. Disabled accounts never are."""
    roles = _roles(person)
    return Role.PARTICIPANT in roles and not roles & STAFF_KINDS


def can_join_groups(user):
    """The person may answer an invitation or a waiting-list offer (same rule as being a member)."""
    return may_be_group_member(user)


def can_be_made_leader(person, membership):
    """A co-leader is an active member who may be a member at all."""
    return membership is not None and membership.status == "active" and may_be_group_member(person)


# --- groups ---

def _membership(user, group):
    """The user's membership row, counted only for people who may be members at all: a row left from
    before an account gained a staff kind grants nothing."""
    if group is None or not is_signed_in(user) or not may_be_group_member(user):
        return None
    return group.membership_of(user.id)


def _has_membership_row(user, group):
    """Any membership row, past or present, whatever the account's kinds: someone who was in the group is
    never let back in as a guest."""
    return group is not None and is_signed_in(user) and group.membership_of(user.id) is not None


def can_create_group(user):
    return is_coordinator(user)


def can_view_group(user, group):
    """Members see their group; after it closes, its members at that time may read it for a while.
    Everyone else — admins, coordinators, professionals included — is told it does not exist."""
    membership = _membership(user, group)
    if membership is None or membership.status != "active":
        return False
    return not group.is_closed or group.is_readable_after_close()


def can_see_group_summary(user, group):
    """The coordinator who set a group up sees its name, size, phase and leaders — never its content."""
    return is_coordinator(user) and group is not None and group.created_by_id == user.id


def is_group_leader(user, group):
    membership = _membership(user, group)
    return membership is not None and membership.is_leader


def can_manage_group(user, group):
    return is_group_leader(user, group) and not group.is_closed


def can_manage_members(user, group):
    return can_manage_group(user, group)


def can_remove_member(user, group, membership):
    """Leaders remove other active members; a leader who wants to go leaves the group instead."""
    return (can_manage_members(user, group) and membership is not None and membership.status == "active"
            and membership.user_id != user.id)


def can_change_phase(user, group):
    return can_manage_group(user, group)


def has_accepted_rules(user, group):
    """The person's membership has accepted the group's current version of the rules."""
    membership = _membership(user, group)
    return membership is not None and membership.accepted_rules_version >= group.rules_version


def must_accept_rules(user, group):
    """An active member who has not accepted the current version of the rules: they read everything, and
    take part again once they accept it."""
    membership = _membership(user, group)
    return membership is not None and membership.status == "active" and not has_accepted_rules(user, group)


def can_post(user, group):
    """Taking part (posting, proposing, voting) needs an active membership in an open group and
    acceptance of the current version of the rules."""
    membership = _membership(user, group)
    return (membership is not None and membership.status == "active" and not group.is_closed
            and has_accepted_rules(user, group))


def can_propose_rule(user, group):
    return can_post(user, group)


def can_vote(user, group):
    return can_post(user, group)


def has_voted(user, votable, choice=None):
    """The person's vote is among `votable.votes` (a rule proposal's or an agenda item's), with `choice`
    when one is given."""
    return is_signed_in(user) and any(vote.user_id == user.id and (choice is None or vote.choice == choice)
                                      for vote in votable.votes)


def can_read_group_chat(user, group, guest=None):
    """Members; and a guest professional, on the facts of their visit (`guest`, loaded by the service),
    inside their meeting's window. What of the chat a guest reads is their meeting's only (policy.guests)."""
    return can_view_group(user, group) or (not _has_membership_row(user, group)
                                           and is_guest_in_window(user, group, guest))


def can_moderate_group_chat(user, group):
    return can_manage_group(user, group)
