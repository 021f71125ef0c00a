"""Dates and times in the reader's language and time zone, with the locale's own patterns (Babel)."""
from datetime import date, timezone

from babel.dates import format_date, format_datetime, format_skeleton, get_timezone, get_timezone_location
from babel.numbers import format_decimal
from flask_babel import get_locale, gettext as _, to_user_timezone

from .timeutil import utcnow

# English is written day-month with a 24-hour clock (British patterns), as read in Norway.
DATE_LOCALES = {"en": "en_GB"}


def date_locale():
    locale = str(get_locale() or "en")
    return DATE_LOCALES.get(locale, locale)


def _local(moment):
    """A UTC (or naive, stored as UTC) time in the reader's zone; one already in a group's zone stays."""
    if not hasattr(moment, "hour"):
        return moment
    if moment.tzinfo is None or moment.utcoffset() == timezone.utc.utcoffset(None) and moment.tzname() == "UTC":
        return to_user_timezone(moment.replace(tzinfo=moment.tzinfo or timezone.utc))
    return moment


def clock(moment):
    """18:00"""
    return format_skeleton("Hm", _local(moment), locale=date_locale())


def short_day(moment):
    """tor. 10. des. / Thu 10 Dec"""
    return format_skeleton("MMMEd", _local(moment), locale=date_locale())


def long_day(moment):
    """torsdag 10. desember 2026 / Thursday, 10 December 2026"""
    return format_date(_local(moment), "full", locale=date_locale())


def long_moment(moment):
    """torsdag 10. desember 2026 kl. 18:00 / Thursday, 10 December 2026 at 18:00"""
    return _("%(date)s at %(time)s", date=long_day(moment), time=clock(moment))


def chat_time(moment):
    """The clock for a message written today, else the day and the clock: 10. des., 18:00."""
    local = _local(moment)
    if local.date() == to_user_timezone(utcnow()).date():
        return clock(local)
    day = format_skeleton("MMMd", local, locale=date_locale())
    return _("%(date)s, %(time)s", date=day, time=clock(local))


def day_moment(moment):
    """torsdag 10. desember kl. 18:00 / Thursday 10 December at 18:00"""
    local = _local(moment)
    return _("%(date)s at %(time)s", date=format_skeleton("MMMMEEEEd", local, locale=date_locale()),
             time=clock(local))


def medium_moment(moment):
    """10. des. 2026, 18:00 / 10 Dec 2026, 18:00"""
    local = _local(moment)
    return _("%(date)s, %(time)s", date=format_skeleton("yMMMd", local, locale=date_locale()), time=clock(local))


def dateformat(value, format="medium"):
    """flask-babel's filter, with British patterns for English. A date kept as ISO text (in a stored
    document such as a plan version) is read as that date."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(_local(value), format, locale=date_locale())


def datetimeformat(value, format="medium"):
    local = _local(value)
    return format_datetime(local, format, tzinfo=local.tzinfo, locale=date_locale())


def zone_name(name):
    """norsk tid / Norwegian time for the groups' usual zone, else Babel's name for where the zone is."""
    if name == "Europe/Oslo":
        return _("Norwegian time")
    return get_timezone_location(get_timezone(name), locale=date_locale())


def decimal(number, digits=1):
    """6,7 / 6.7"""
    return format_decimal(round(number, digits), locale=str(get_locale() or "en"))
