"""Platform administration and one's own account."""
from ..accounts.models import Role
from .roles import is_admin, is_coordinator, is_signed_in

# --- platform administration (admins only; none of it reaches personal content) ---

def can_manage_accounts(user):
    return is_admin(user)


def can_create_invitation(user):
    return is_admin(user)


def can_change_roles_of(user, account):
    """Admins change other people's kinds. Nobody changes their own: an admin who ticked
    "Coordinator" on their own account would read applications, requests and referral notes at once."""
    return is_admin(user) and account is not None and account.id != user.id


def can_verify_professional(user, account):
    return is_admin(user) and Role.PROFESSIONAL in account.roles


def can_verify_council_coordinator(user, account):
    return is_admin(user) and Role.COUNCIL_COORDINATOR in account.roles


def can_disable_account(user, account):
    return is_admin(user) and account.id != user.id


def can_edit_helplines(user):
    return is_admin(user)


# --- one's own account ---

def can_end_login_session(user, login_session):
    return is_signed_in(user) and login_session.user_id == user.id


def can_delete_account(user, account):
    return is_signed_in(user) and account.id == user.id


# --- a forgotten password ---

_PEER_KINDS = frozenset({Role.PARTICIPANT, Role.TIME_GIVER})


def can_issue_reset_link(user, account):
    """Whether `user` may make a new-password link for `account`, to hand over in person. Coordinators do it
    for participants and time-givers; an account holding any staff kind (coordinator, professional, admin)
    only an admin helps. Nobody does it for themselves or for a disabled account."""
    if account is None or account.id == getattr(user, "id", None) or account.is_disabled:
        return False
    if is_admin(user):
        return True
    return is_coordinator(user) and bool(account.roles) and account.roles <= _PEER_KINDS


def can_help_with_passwords(user):
    """Coordinators and admins have the page for making new-password links."""
    return is_admin(user) or is_coordinator(user)
# --- one's own notifications and push devices ---

def can_read_notification(user, notification):
    """A notification is its recipient's alone."""
    return is_signed_in(user) and notification is not None and notification.user_id == user.id


def can_remove_push_device(user, subscription):
    return is_signed_in(user) and subscription is not None and subscription.user_id == user.id
