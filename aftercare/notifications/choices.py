"""Each person's choices about what reaches them outside the app: per category, quiet hours, a pause and
how much the lock screen shows. In-app notifications are always kept; these govern pushes."""
from datetime import timedelta
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..exceptions import ValidationFailed
from ..extensions import db
from ..timeutil import utcnow
from .models import DEFAULT_TIME_ZONE, QUIET_FROM_HOUR, QUIET_UNTIL_HOUR, NotificationChoices
from .quiet import is_paused

# The categories a person turns on or off; "account" (sign-in and account matters) always comes through.
CHOSEN_CATEGORIES = ("group", "meetings", "time_giver", "network")
PAUSE_DAYS = 7


def defaults(user_id):
    return NotificationChoices(user_id=user_id, push_group=True, push_meetings=True, push_time_giver=True,
                               push_network=True, quiet_from=QUIET_FROM_HOUR, quiet_until=QUIET_UNTIL_HOUR,
                               time_zone=DEFAULT_TIME_ZONE, paused_until=None, show_detail=False)


def choices_for(user_ids):
    """{user_id: their choices}, the defaults (not stored) for anyone who never chose."""
    ids = list(user_ids)
    stored = {row.user_id: row for row in db.session.scalars(
        select(NotificationChoices).where(NotificationChoices.user_id.in_(ids)))} if ids else {}
    return {user_id: stored.get(user_id) or defaults(user_id) for user_id in ids}


def choices_of(user):
    return choices_for([user.id])[user.id]


def current_pause(choices, now=None):
    """When the person's pause ends, or None when nothing is paused."""
    return choices.paused_until if is_paused(now or utcnow(), choices.paused_until) else None


def wants_push(choices, category):
    if category not in CHOSEN_CATEGORIES:
        return True
    return bool(getattr(choices, "push_" + category))


def _stored(user):
    row = db.session.get(NotificationChoices, user.id)
    if row is None:
        row = defaults(user.id)
        db.session.add(row)
    return row


def time_zones():
    return sorted(name for name in available_timezones() if "/" in name and not name.startswith("Etc/"))


def save_choices(user, categories, quiet_from, quiet_until, time_zone, show_detail):
    """Store the person's choices: the categories pushed, quiet hours (whole hours 0–23, in `time_zone`)
    and whether the lock screen may show what a notification is. Raises ValidationFailed for an hour or
    zone that does not exist; nothing is stored then."""
    unknown = set(categories) - set(CHOSEN_CATEGORIES)
    if unknown:
        raise ValidationFailed(_l("Choose among the kinds listed."), field="categories")
    for field, hour in (("quiet_from", quiet_from), ("quiet_until", quiet_until)):
        if not isinstance(hour, int) or not 0 <= hour <= 23:
            raise ValidationFailed(_l("Choose an hour from the list."), field=field)
    if time_zone not in available_timezones():
        raise ValidationFailed(_l("Choose a time zone from the list."), field="time_zone")
    row = _stored(user)
    for category in CHOSEN_CATEGORIES:
        setattr(row, "push_" + category, category in categories)
    row.quiet_from, row.quiet_until, row.time_zone = quiet_from, quiet_until, time_zone
    row.show_detail = bool(show_detail)
    db.session.commit()
    return row


def pause(user, now=None):
    """Pause every push for a week from now (notifications still wait in the app)."""
    row = _stored(user)
    row.paused_until = (now or utcnow()) + timedelta(days=PAUSE_DAYS)
    db.session.commit()
    return row


def resume(user):
    """End a pause now."""
    row = _stored(user)
    row.paused_until = None
    db.session.commit()
    return row
