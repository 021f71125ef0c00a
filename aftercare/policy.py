"""Who may do what: pure yes/no functions, the only place access rules live.

Every function takes the acting user first (possibly anonymous) and returns a bool.
Services enforce them, views use them for early 404/403, templates use them as Jinja tests.
"""
from .accounts.models import Role


def _roles(user):
    """The account kinds that count for this user: none when anonymous or disabled."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    return user.roles


def is_signed_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and getattr(user, "is_active", False))


def is_admin(user):
    return Role.ADMIN in _roles(user)


def is_coordinator(user):
    return Role.COORDINATOR in _roles(user)


def is_participant(user):
    return Role.PARTICIPANT in _roles(user)


def is_time_giver(user):
    return Role.TIME_GIVER in _roles(user)


def has_professional_powers(user):
    """A professional acts as one only once an admin has verified them."""
    return Role.PROFESSIONAL in _roles(user) and user.professional_verified_at is not None


# --- platform administration (admins only; none of it reaches personal content) ---

def can_manage_accounts(user):
    return is_admin(user)


def can_create_invitation(user):
    return is_admin(user)


def can_grant_role(user, role):
    """Admins grant every kind; nobody grants kinds to themselves through another route."""
    return is_admin(user) and Role(role) in Role


def can_change_roles_of(user, account):
    """An admin cannot take away their own admin kind by accident (see services)."""
    return is_admin(user)


def can_verify_professional(user, account):
    return is_admin(user) and Role.PROFESSIONAL in account.roles


def can_disable_account(user, account):
    return is_admin(user) and account.id != user.id


def can_edit_helplines(user):
    return is_admin(user)


# --- one's own account ---

def can_edit_account(user, account):
    return is_signed_in(user) and account.id == user.id


def can_end_login_session(user, login_session):
    return is_signed_in(user) and login_session.user_id == user.id


def can_delete_account(user, account):
    return is_signed_in(user) and account.id == user.id


def all_policies():
    """Name → function, for registering as Jinja tests."""
    return {
        name: fn for name, fn in globals().items()
        if callable(fn) and (name.startswith("can_") or name.startswith("is_") or name.startswith("has_"))
        and fn.__module__ == __name__
    }


# --- chat ---

def _in_pair(user, channel):
    return is_signed_in(user) and user.id in (channel.pair_a_id, channel.pair_b_id)


def can_read_channel(user, channel):
    """Group channel: what the group's rules say (members; a guest inside their window).
    Pair channel: its two people only."""
    if channel is None or not is_signed_in(user):
        return False
    if channel.kind == "pair":
        return _in_pair(user, channel)
    return can_read_group_chat(user, channel.group)


def can_post_in_channel(user, channel):
    if not can_read_channel(user, channel) or channel.closed_at is not None:
        return False
    if channel.kind == "pair":
        return True
    return can_post_in_group_chat(user, channel.group)


def can_react_in_channel(user, channel):
    return can_read_channel(user, channel) and channel.closed_at is None


def can_report_in_channel(user, channel):
    return channel.kind == "group" and can_read_channel(user, channel)


def can_moderate_channel(user, channel):
    """The group's own leaders moderate its chat; nobody moderates a private pair channel."""
    return channel.kind == "group" and can_moderate_group_chat(user, channel.group)


# --- groups ---

def _membership(user, group):
    if group is None or not is_signed_in(user):
        return None
    return group.membership_of(user.id)


def _within_reading_time(group, now=None):
    from datetime import timedelta

    from .timeutil import utcnow

    return group.closed_at is not None and \
        (now or utcnow()) < group.closed_at + timedelta(days=group.readable_days_after_close)


def can_create_group(user):
    return is_coordinator(user)


def can_view_group(user, group):
    """Members see their group; after it closes, its members at that time may read it for a while.
    Everyone else — admins, coordinators, professionals included — is told it does not exist."""
    membership = _membership(user, group)
    if membership is None or membership.status != "active":
        return False
    return not group.is_closed or _within_reading_time(group)


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


def can_change_phase(user, group):
    return can_manage_group(user, group)


def has_accepted_rules(user, group):
    membership = _membership(user, group)
    return membership is not None and membership.accepted_rules_version >= group.rules_version


def can_post(user, group):
    """Taking part (posting, proposing, voting) needs an active membership in an open group and
    acceptance of the current version of the rules."""
    membership = _membership(user, group)
    return (membership is not None and membership.status == "active" and not group.is_closed
            and membership.accepted_rules_version >= group.rules_version)


def can_propose_rule(user, group):
    return can_post(user, group)


def can_vote(user, group):
    return can_post(user, group)


def can_read_group_chat(user, group):
    return can_view_group(user, group)


def can_post_in_group_chat(user, group):
    return can_post(user, group)


def can_moderate_group_chat(user, group):
    return can_manage_group(user, group)
