"""Referrals, the audit log and data rights."""
from ..accounts.models import Role
from .roles import has_professional_powers, is_coordinator, is_signed_in

# --- referrals, audit and data rights ---

def can_create_referral(user):
    """Only a verified professional refers people before discharge."""
    return has_professional_powers(user)


def can_see_professional_home(user):
    """A verified professional has a small home of their own: their referrals and guest invitations."""
    return has_professional_powers(user)


def is_professional_only(user):
    """A verified professional holding no other kind: the professional home is their home page."""
    return can_see_professional_home(user) and user.roles == {Role.PROFESSIONAL}


def can_see_referral_as_referrer(user, referral):
    """The professional who made it sees its status only (never who used it)."""
    return has_professional_powers(user) and referral is not None and referral.created_by_id == user.id


def can_redeem_referral(user):
    """A referral makes a new account: only someone not signed in redeems one."""
    return not is_signed_in(user)


def can_own_referral(user, referral):
    """Once redeemed, the referral belongs to the person who redeemed it."""
    return is_signed_in(user) and referral is not None and referral.owner_id == user.id


def can_list_referral_notes(user):
    return is_coordinator(user)


def can_read_referral_note(user, referral):
    """Coordinators read the note of a redeemed referral so they can help, until its owner deletes it."""
    return (is_coordinator(user) and referral is not None and referral.owner_id is not None
            and referral.owner_id != user.id and bool(referral.note))


def can_see_own_audit_log(user):
    return is_signed_in(user)


def can_export_data(user, account):
    return is_signed_in(user) and account is not None and account.id == user.id
