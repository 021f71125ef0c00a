"""Creating, listing and reading notifications."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import format_datetime, lazy_gettext as _l
from sqlalchemy import func, select, update

from ..extensions import db
from ..timeutil import utcnow
from . import kinds
from .models import Notification

# Parameters that never hold a person's name: times, zones and group names.
PLAIN_PARAMS = ("when", "tz", "group")
# What a person's name becomes when they delete their account; shown in the reader's language.
FORMER_MEMBER_PARAM = {"former_member": True}
FORMER_MEMBER = _l("a former member")


def notify(user_ids, kind, link="", *, about=None, **params):
    """Add one notification per person; the caller commits. `about` names the thing the person is asked to act
    on ("match_proposal:12"), so that `acted_on` can take it out of "new". Raises ValueError for a kind no
    domain registered."""
    if kinds.get(kind) is None:
        raise ValueError(f"unregistered notification kind {kind!r}")
    for user_id in set(user_ids):
        db.session.add(Notification(user_id=user_id, kind=kind, params=params, link=link, about=about))


def acted_on(user_ids, about):
    """Mark as read the unread notifications of these people about this thing; the caller commits."""
    ids = list(set(user_ids))
    if ids:
        db.session.execute(update(Notification).where(Notification.user_id.in_(ids), Notification.about == about,
                                                      Notification.read_at.is_(None)).values(read_at=utcnow()))


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
    kind = kinds.get(notification.kind)
    if kind is None:
        return notification.kind
    template = kind.text
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
