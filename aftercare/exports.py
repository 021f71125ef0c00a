"""The sections of a person's data export (shown and downloaded by `mydata`). Each domain registers a function
user -> JSON-ready value under a section name, in its own `export` module, and builds its rows with `row` and
`rows`, which never hand over a secret. A module of its own, so that registering imports nothing else."""
from datetime import date, datetime

from sqlalchemy import inspect
from sqlalchemy.orm import lazyload

from .extensions import db

_SECTIONS = {}
# The order a person reads her export in; a section not named here comes after these.
READING_ORDER = ("account", "groups", "meetings", "chat", "time_givers", "referral", "network", "network_councils", "notifications",
                 "audit_log")
# Secrets are never exported: a downloaded file or a glance at the page must not hand over a way in
# (the authenticator key would be a second factor for anyone who saw it).
_NEVER = {"password_hash", "token_hash", "code_hash", "open_participant_id", "totp_secret", "totp_pending_secret",
          "totp_last_step"}


def register_section(name, loader):
    """Add (or replace) the section `name`; `loader(user)` returns dicts, lists, strings, numbers."""
    _SECTIONS[name] = loader
    return loader


def section_names():
    known = [name for name in READING_ORDER if name in _SECTIONS]
    return known + [name for name in _SECTIONS if name not in READING_ORDER]


def collect(user):
    return {name: _SECTIONS[name](user) for name in section_names()}


def collect_section(name, user):
    """One section, or None when there is no section by that name."""
    loader = _SECTIONS.get(name)
    return None if loader is None else loader(user)


def _value(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def row(obj, skip=()):
    """Every column of a row, minus secrets and `skip`."""
    return {column.key: _value(getattr(obj, column.key)) for column in inspect(obj).mapper.column_attrs
            if column.key not in _NEVER and column.key not in skip}


def rows(query):
    """Every row of a select, columns only: no relationship is loaded (a heavy writer's messages would
    otherwise bring their authors and reactions along, in more statements the more they wrote)."""
    return [row(item) for item in db.session.scalars(query.options(lazyload("*")))]
