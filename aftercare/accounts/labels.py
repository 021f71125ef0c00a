"""Translated names of the account kinds and of a professional's kind of employer."""
from flask_babel import lazy_gettext as _l

from .models import Role

ROLE_LABELS = {
    Role.PARTICIPANT: _l("Participant"),
    Role.TIME_GIVER: _l("Time-giver"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.PROFESSIONAL: _l("Professional"),
    Role.COUNCIL_COORDINATOR: _l("Council coordinator"),
    Role.ADMIN: _l("Admin"),
}


def role_label(value):
    return ROLE_LABELS[Role(value)]


# A professional's kind of employer, set by the admin at verification.
EMPLOYER_KINDS = {
    "municipality": _l("Municipality or NAV"),
    "health": _l("Health trust or hospital"),
    "child_welfare": _l("Child welfare service"),
    "organisation": _l("Private or non-profit organisation"),
    "other": _l("Other employer"),
}


def employer_kind_label(value):
    return EMPLOYER_KINDS.get(value) or _l("Kind of employer not given")
