"""Shared column types and mixins for the domain models."""
from datetime import datetime

from sqlalchemy import DateTime, TypeDecorator

from .timeutil import as_utc


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use timezone-aware UTC")
        return as_utc(value)

    def process_result_value(self, value, dialect):
        return as_utc(value)
