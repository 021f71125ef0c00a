"""Translated names of the account kinds."""
from flask_babel import lazy_gettext as _l

from .models import Role

ROLE_LABELS = {
    Role.PARTICIPANT: _l("Participant"),
    Role.TIME_GIVER: _l("Time-giver"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.PROFESSIONAL: _l("Professional"),
    Role.ADMIN: _l("Admin"),
}


def role_label(value):
    return ROLE_LABELS[Role(value)]
