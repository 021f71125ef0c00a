"""When a push may go out: quiet hours in the person's own time zone and a pause. Pure time arithmetic."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .models import DEFAULT_TIME_ZONE


def zone(name):
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def in_quiet_hours(local_hour, quiet_from, quiet_until):
    """Whether an hour of the day (0–23) falls in quiet hours that run from `quiet_from` to `quiet_until`
    (22 to 8 spans midnight); the same hour twice means no quiet hours."""
    if quiet_from == quiet_until:
        return False
    if quiet_from < quiet_until:
        return quiet_from <= local_hour < quiet_until
    return local_hour >= quiet_from or local_hour < quiet_until


def quiet_ends(now, quiet_from, quiet_until, time_zone):
    """`now` (aware) if it is outside quiet hours, else the moment (aware, UTC) they end that night."""
    tz = zone(time_zone)
    local = now.astimezone(tz)
    if not in_quiet_hours(local.hour, quiet_from, quiet_until):
        return now
    end_day = local.date() if local.hour < quiet_until else local.date() + timedelta(days=1)
    # Built from the wall-clock time, so a change to or from summer time keeps 08:00 at 08:00.
    end = datetime.combine(end_day, time(quiet_until), tzinfo=tz)
    return end.astimezone(now.tzinfo)


def is_paused(now, paused_until):
    return paused_until is not None and now < paused_until
