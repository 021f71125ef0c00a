"""Timezone-aware UTC time helpers shared by models and services."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow():
    return datetime.now(timezone.utc)


def as_utc(value):
    """SQLite hands back naive datetimes; they are stored as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def local_date(moment):
    """The date of a UTC moment where the organisation is (BABEL_DEFAULT_TIMEZONE): the day of a meet-up, a
    certificate, a digest or a plan step."""
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def local_today():
    return local_date(utcnow())
