"""Factories for test data: make_user(roles=[...], **overrides) and friends."""
import base64
import hashlib
import itertools

import pyotp

from aftercare.accounts.models import Role, User, UserRole
from aftercare.accounts.passwords import hash_password
from aftercare.core.models import Helpline
from aftercare.extensions import db
from aftercare.timeutil import utcnow

DEFAULT_PASSWORD = "correct horse battery"
_HASH = None
REQUIRED_TWO_FACTOR = {Role.COORDINATOR, Role.ADMIN, Role.COUNCIL_COORDINATOR}


def factory_totp_secret(username):
    """The TOTP secret the factories give a user: derived from the user name, so a browser test can
    compute a code without reading the database."""
    return base64.b32encode(hashlib.sha256(f"test-totp:{username}".encode()).digest()[:20]).decode()


def totp_code(username, for_time=None):
    return pyotp.TOTP(factory_totp_secret(username)).at(for_time) if for_time else \
        pyotp.TOTP(factory_totp_secret(username)).now()


def default_hash():
    """Hashing is deliberately slow; the factories share one hash of the default password."""
    global _HASH
    if _HASH is None:
        _HASH = hash_password(DEFAULT_PASSWORD)
    return _HASH


class Factories:
    def __init__(self):
        self._counter = itertools.count(1)

    def user(self, roles=("participant",), *, verified=None, password=None, two_factor=None, **overrides):
        """A saved user with these account kinds; professionals and council coordinators are verified unless
        verified=False.

        Two-factor sign-in is set up (with factory_totp_secret) for the account kinds that require it,
        unless two_factor=False; two_factor=True sets it up for anyone."""
        n = next(self._counter)
        roles = [Role(r) for r in roles]
        fields = {
            "username": f"user{n}",
            "display_name": f"Member {n}",
            "password_hash": hash_password(password) if password else default_hash(),
        }
        fields.update(overrides)
        user = User(**fields)
        user.role_rows = [UserRole(role=role) for role in roles]
        if Role.PROFESSIONAL in roles and verified is not False:
            user.professional_verified_at = utcnow()
        if Role.COUNCIL_COORDINATOR in roles and verified is not False and "organisation" not in overrides:
            user.organisation = "Network council service"
        if two_factor is None:
            two_factor = bool(REQUIRED_TWO_FACTOR & set(roles)) or user.professional_verified_at is not None
        if two_factor:
            user.totp_secret = factory_totp_secret(user.username)
            user.totp_enabled_at = utcnow()
        db.session.add(user)
        db.session.commit()
        return user

    def group(self, members=(), leaders=(), **fields):
        """make_group(members=[...], leaders=[...]): leaders default to one new participant."""
        if not leaders:
            leaders = [self.user(["participant"])]
        return make_group_in_db(self, members=members, leaders=leaders, **fields)

    def helplines(self):
        rows = [
            Helpline(position=1, phone="113", name_en="Medical emergency", name_nb="Medisinsk nødhjelp",
                     description_en="Emergency", description_nb="Nødhjelp", is_default=True),
            Helpline(position=2, phone="116 123", name_en="Mental Helse helpline",
                     name_nb="Mental Helse hjelpetelefon", is_default=True),
        ]
        db.session.add_all(rows)
        db.session.commit()
        return rows


def make_group_in_db(factories, members=(), leaders=(), creator=None, accepted=True, **fields):
    """A saved group with these leaders and members, who have accepted its current rules."""
    from aftercare.groups.models import TEMPLATE_RULES, Group, Membership, Rule
    from aftercare.signals import group_created

    if creator is None:
        creator = factories.user(["coordinator"])
    values = dict(name="Tuesday group", purpose="A closed group for mothers in LAR to share and support.",
                  kind="self_help", capacity=10, intake="closed", meeting_rhythm="Tuesdays 18:00",
                  meeting_minutes=90, chat_retention_days=90, consent_method="majority", created_by_id=creator.id)
    values.update(fields)
    group = Group(**values)
    people = [(user, "leader") for user in leaders] + [(user, "member") for user in members]
    group.seats_taken = len(people)
    group.memberships = [Membership(user_id=user.id, role=role, accepted_rules_version=1 if accepted else 0)
                         for user, role in people]
    group.rules = [Rule(position=n, text=str(text)) for n, text in enumerate(TEMPLATE_RULES, start=1)]
    db.session.add(group)
    db.session.flush()
    group_created.send(group)  # as groups.services.create_group does: the group's chat channel
    db.session.commit()
    return group
