"""Dates and times in the reader's language and time zone, with the locale's own patterns (Babel)."""
from babel.dates import format_date, format_skeleton
from flask_babel import get_locale, gettext as _, to_user_timezone

from .timeutil import utcnow

# English is written day-month with a 24-hour clock (British patterns), as read in Norway.
DATE_LOCALES = {"en": "en_GB"}


def date_locale():
    locale = str(get_locale() or "en")
    return DATE_LOCALES.get(locale, locale)


def _local(moment):
    return to_user_timezone(moment) if hasattr(moment, "hour") else moment


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
