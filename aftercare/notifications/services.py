"""Creating, listing, opening and dismissing notifications. Creating one also queues its pushes in the same
transaction (the outbox, see outbox.py), and the person's open pages hear of it once it is committed."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_datetime, lazy_gettext as _l
from sqlalchemy import func, select, update

from .. import policy
from ..exceptions import NotFound
from ..extensions import db
from ..timeutil import utcnow
from . import kinds, live
from .choices import choices_for, wants_push
from .models import Delivery, DeliveryChannel, Notification, PushSubscription
from .quiet import is_paused

# Parameters that never hold a person's name: times, zones and group names.
PLAIN_PARAMS = ("when", "tz", "group")
# What a person's name becomes when they delete their account; shown in the reader's language.
FORMER_MEMBER_PARAM = {"former_member": True}
FORMER_MEMBER = _l("a former member")


def notify(user_ids, kind, link="", *, about=None, **params):
    """Add one notification per person, and one push per device of theirs that their choices let through;
    the caller commits. `about` names the thing the person is asked to act on ("match_proposal:12"), so
    that `acted_on` can take it out of "new". Raises ValueError for a kind no domain registered."""
    registered = kinds.get(kind)
    if registered is None:
        raise ValueError(f"unregistered notification kind {kind!r}")
    ids = sorted(set(user_ids))
    if not ids:
        return []
    made = [Notification(user_id=user_id, kind=kind, params=params, link=link, about=about) for user_id in ids]
    db.session.add_all(made)
    if push_configured():
        _queue_pushes(made, registered.category)
    live.changed(ids)
    return made


def _queue_pushes(notifications, category):
    by_user = {n.user_id: n for n in notifications}
    devices = db.session.scalars(select(PushSubscription).where(PushSubscription.user_id.in_(list(by_user))))
    devices = list(devices)
    if not devices:
        return
    choices = choices_for({d.user_id for d in devices})
    now = utcnow()
    for device in devices:
        chosen = choices[device.user_id]
        if wants_push(chosen, category) and not is_paused(now, chosen.paused_until):
            db.session.add(Delivery(notification=by_user[device.user_id], channel=DeliveryChannel.PUSH,
                                    subscription_id=device.id, due_at=now))


def push_configured():
    config = current_app.config
    return bool(config.get("VAPID_PRIVATE_KEY") and config.get("VAPID_PUBLIC_KEY"))


def acted_on(user_ids, about):
    """Mark as read the unread notifications of these people about this thing; the caller commits. Only
    those who had such a notification have their open pages told."""
    ids = list(set(user_ids))
    if ids:
        touched = db.session.scalars(
            update(Notification).where(Notification.user_id.in_(ids), Notification.about == about,
                                       Notification.read_at.is_(None))
            .values(read_at=utcnow()).returning(Notification.user_id)).all()
        if touched:
            live.changed(touched)


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


def standing(user):
    """The person's notifications of kinds that stay on the home page until dismissed, oldest first."""
    sticky = [kind.name for kind in kinds.all_kinds().values() if kind.sticky]
    if not getattr(user, "is_authenticated", False) or not sticky:
        return []
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.kind.in_(sticky),
                                                         Notification.dismissed_at.is_(None))
                              .order_by(Notification.created_at, Notification.id)).all()


def _own(user, notification_id):
    notification = db.session.get(Notification, notification_id) if isinstance(notification_id, int) else None
    if not policy.can_read_notification(user, notification):
        raise NotFound()
    return notification


def open_notification(user, notification_id):
    """Mark one of the person's notifications read and return it (its link is where they go next).
    Raises NotFound for someone else's or a missing one."""
    notification = _own(user, notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        live.changed([user.id])
    db.session.commit()
    return notification


def dismiss(user, notification_id):
    """Take a notification that stays on the home page off it (and out of "new"). Raises NotFound for
    someone else's or a missing one."""
    notification = _own(user, notification_id)
    now = utcnow()
    notification.dismissed_at = notification.dismissed_at or now
    if notification.read_at is None:
        notification.read_at = now
        live.changed([user.id])
    db.session.commit()


def mark_all_read(user):
    """Mark every notification of the person read."""
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    live.changed([user.id])
    db.session.commit()
