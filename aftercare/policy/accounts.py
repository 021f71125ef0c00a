"""Platform administration and one's own account."""
from ..accounts.models import Role
from .roles import is_admin, is_signed_in

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


def can_disable_account(user, account):
    return is_admin(user) and account.id != user.id


def can_edit_helplines(user):
    return is_admin(user)


# --- one's own account ---

def can_end_login_session(user, login_session):
    return is_signed_in(user) and login_session.user_id == user.id


def can_delete_account(user, account):
    return is_signed_in(user) and account.id == user.id
