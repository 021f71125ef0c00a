"""Account kinds: who someone is."""
from ..accounts.models import Role


def _roles(user):
    """The account kinds that count for this user: none when anonymous or disabled."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    return user.roles


def is_signed_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and getattr(user, "is_active", False))


def is_person(user, person_id):
    """The signed-in user is the person with this id (their own row in a list, "you")."""
    return is_signed_in(user) and person_id is not None and user.id == person_id


def is_admin(user):
    return Role.ADMIN in _roles(user)


def is_coordinator(user):
    return Role.COORDINATOR in _roles(user)


def is_participant(user):
    return Role.PARTICIPANT in _roles(user)


def is_time_giver(user):
    return Role.TIME_GIVER in _roles(user)


def is_staff(user):
    """Someone who acts for an organisation (coordinator, admin or verified professional): such a person may
    have a duty to report to child welfare, which peer members and time-givers do not have."""
    roles = _roles(user)
    return (Role.COORDINATOR in roles or Role.ADMIN in roles or has_professional_powers(user)
            or has_council_coordinator_powers(user))


def has_professional_powers(user):
    """A professional acts as one only once an admin has verified them."""
    return Role.PROFESSIONAL in _roles(user) and user.professional_verified_at is not None


def has_council_coordinator_powers(user):
    """A council coordinator acts as one only once an admin has verified them with their organisation."""
    return Role.COUNCIL_COORDINATOR in _roles(user) and bool(user.organisation)
