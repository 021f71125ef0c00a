"""Two-factor sign-in."""
from ..accounts.models import Role
from .roles import has_professional_powers, is_admin, is_coordinator, is_signed_in

# --- two-factor sign-in ---

def must_use_two_factor(user):
    """Coordinators, council coordinators, verified professionals and admins must sign in with a second
    factor (a council coordinator from the moment the kind is given, before the verification)."""
    return (is_coordinator(user) or is_admin(user) or has_professional_powers(user)
            or Role.COUNCIL_COORDINATOR in (user.roles if is_signed_in(user) else ()))


def can_turn_off_two_factor(user):
    """Only people for whom two-factor sign-in is optional may turn it off."""
    return is_signed_in(user) and not must_use_two_factor(user)


def is_blocked_until_two_factor(user):
    """A person who must use two-factor sign-in but has not set it up may only set it up."""
    return must_use_two_factor(user) and not user.has_two_factor


def can_reset_two_factor(user, account):
    """An admin may reset another person's two-factor sign-in (lost phone and codes), never read it."""
    return is_admin(user) and account.id != user.id
