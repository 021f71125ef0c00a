"""Timezone-aware UTC time helpers shared by models and services."""
from datetime import datetime, timezone


def utcnow():
    return datetime.now(timezone.utc)


def as_utc(value):
    """SQLite hands back naive datetimes; they are stored as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)
