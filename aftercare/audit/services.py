"""Writing and reading the audit log."""
from flask_babel import format_datetime, lazy_gettext as _l
from sqlalchemy import or_, select

from .. import policy
from ..exceptions import PermissionDenied
from ..extensions import db
from ..timeutil import utcnow
from .models import AuditEntry

# Action code → a sentence for the person it concerns. Placeholders: actor, when, start, end.
SENTENCES = {
    "admin.roles_changed": _l("An administrator changed your account kinds on %(when)s."),
    "admin.verified": _l("An administrator changed the verification of your professional account on %(when)s."),
    "admin.disabled": _l("An administrator disabled your account on %(when)s."),
    "admin.enabled": _l("An administrator enabled your account again on %(when)s."),
    "coordinator.opened_request": _l("A coordinator opened your request for a time-giver on %(when)s."),
    "coordinator.opened_referral": _l("A coordinator read the note in your referral on %(when)s."),
    "account.deleted": _l("A member deleted their account on %(when)s."),
    "guest.present": _l("%(actor)s (guest) took part in the meeting on %(start)s–%(end)s."),
}

# Values allowed in params: codes, ids, times. Anything else is refused, so no content slips in.
_ALLOWED_PARAM_TYPES = (int, bool, type(None))


def _actor_label(actor):
    if actor is None:
        return ""
    if policy.is_admin(actor):
        return "administrator"
    if policy.is_coordinator(actor):
        return "coordinator"
    return (getattr(actor, "display_name", "") or "")[:80]


def record(action, *, actor=None, actor_label=None, group_id=None, subject_user_id=None, params=None,
           commit=False):
    """Add an audit entry to the session (and commit if asked). `params` may hold ints, bools and
    short codes (strings up to 40 characters) only."""
    clean = {}
    for key, value in (params or {}).items():
        if isinstance(value, str) and len(value) <= 40 or isinstance(value, _ALLOWED_PARAM_TYPES):
            clean[str(key)[:40]] = value
        else:
            raise ValueError(f"audit param {key!r} is not a short code or an id")
    entry = AuditEntry(actor_id=getattr(actor, "id", None),
                       actor_label=actor_label if actor_label is not None else _actor_label(actor),
                       action=action[:40], group_id=group_id, subject_user_id=subject_user_id, params=clean,
                       occurred_at=utcnow())
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry


def record_guest_presence(guest, group_id, started_at, ended_at, *, commit=False):
    """For meetings and chat: a guest professional was present in a group's meeting from start to end."""
    return record("guest.present", actor=guest, actor_label=(guest.display_name or "")[:80], group_id=group_id,
                  params={"start": int(started_at.timestamp()), "end": int(ended_at.timestamp())},
                  commit=commit)


def _group_ids_of(user):
    """Groups whose log the person may see: those they are an active member of."""
    from ..groups.models import Membership

    return list(db.session.scalars(select(Membership.group_id).where(
        Membership.user_id == user.id, Membership.status == "active")))


def entries_for(actor, limit=200):
    """Entries about the person or their groups, newest first. Raises PermissionDenied."""
    if not policy.can_see_own_audit_log(actor):
        raise PermissionDenied()
    conditions = [AuditEntry.subject_user_id == actor.id]
    group_ids = _group_ids_of(actor)
    if group_ids:
        conditions.append(AuditEntry.group_id.in_(group_ids))
    return db.session.scalars(select(AuditEntry).where(or_(*conditions))
                              .order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc()).limit(limit)).all()


def describe(entry):
    """The entry in plain words, in the current language."""
    from datetime import datetime, timezone

    sentence = SENTENCES.get(entry.action)
    if sentence is None:
        return str(entry.action)
    values = {"actor": entry.actor_label or _l("Someone"), "when": format_datetime(entry.occurred_at, "short")}
    params = entry.params or {}
    for key in ("start", "end"):
        if isinstance(params.get(key), int):
            moment = datetime.fromtimestamp(params[key], tz=timezone.utc)
            values[key] = format_datetime(moment, "short") if key == "start" else format_datetime(moment, "HH:mm")
        else:
            values[key] = "?"
    return sentence % values


def export_section(user):
    """The person's audit entries for their data export (about them, or done by them)."""
    rows = db.session.scalars(select(AuditEntry).where(
        or_(AuditEntry.subject_user_id == user.id, AuditEntry.actor_id == user.id))
        .order_by(AuditEntry.occurred_at)).all()
    return [{"action": row.action, "occurred_at": row.occurred_at.isoformat(), "group_id": row.group_id,
             "about_you": row.subject_user_id == user.id, "by_you": row.actor_id == user.id} for row in rows]
