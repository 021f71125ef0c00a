"""Creating, listing and reading notifications."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import format_datetime, lazy_gettext as _l
from sqlalchemy import func, select, update

from ..extensions import db
from ..timeutil import utcnow
from .models import Notification

TEXTS = {
    "meeting_new": _l("New meeting in %(group)s: %(when)s"),
    "meeting_moved": _l("A meeting in %(group)s has moved to %(when)s"),
    "meeting_cancelled": _l("The meeting in %(group)s on %(when)s is cancelled"),
    "log_removal_requested": _l("A member of %(group)s asks for a passage of a session log to be removed"),
    "log_removal_removed": _l("The passage you asked about is removed from the log of %(group)s"),
    "log_removal_declined": _l("Your request to remove a passage from the log of %(group)s was declined"),
    "notice_given": _l("%(name)s has given notice of absence for the meeting in %(group)s on %(when)s"),
    "log_published": _l("The session log from %(when)s is published in %(group)s"),
    "guest_proposed": _l("A guest professional is proposed for the meeting in %(group)s on %(when)s: the group "
                         "decides"),
    "guest_invited": _l("You are invited as a guest to a meeting of %(group)s on %(when)s"),
    "group_no_leader": _l("%(group)s has no leader any more: its only leader deleted their account"),
    "match_quiet": _l("No meet-up has been logged in one of your matches for %(days)d days. Only you are told "
                      "now; if nothing is logged in %(more_days)d more days, the coordinator will ask you how it "
                      "is going."),
}


# Parameters that never hold a person's name: times, zones and group names.
PLAIN_PARAMS = ("when", "tz", "group")
# What a person's name becomes when they delete their account; shown in the reader's language.
FORMER_MEMBER_PARAM = {"former_member": True}
FORMER_MEMBER = _l("a former member")


def notify(user_ids, kind, link="", **params):
    """Add one notification per person; the caller commits."""
    for user_id in set(user_ids):
        db.session.add(Notification(user_id=user_id, kind=kind, params=params, link=link))


def text_of(notification):
    """The notification's sentence in the reader's language; `when` params are ISO times shown in their zone."""
    params = dict(notification.params or {})
    if "when" in params:
        moment = datetime.fromisoformat(params["when"])
        params["when"] = format_datetime(moment.astimezone(ZoneInfo(params.get("tz") or "Europe/Oslo")),
                                         "EEE d MMM y, HH:mm", rebase=False)
    former = [key for key, value in params.items() if value == FORMER_MEMBER_PARAM]
    for key in former:
        params[key] = str(FORMER_MEMBER)
    template = TEXTS.get(notification.kind)
    if template is None:
        return notification.kind
    text = str(template) % params
    if any(str(template).startswith("%(" + key + ")s") for key in former):
        text = text[:1].upper() + text[1:]
    return text


def unread_count(user):
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None)))


def recent(user, limit=50):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)).all()


def mark_all_read(user):
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    db.session.commit()
