"""Writing and reading the audit log."""
from flask_babel import format_datetime, lazy_gettext as _l
from sqlalchemy import or_, select

from .. import policy
from ..exceptions import PermissionDenied
from ..extensions import db
from ..timeutil import utcnow
from .models import AuditEntry

# Action code → a sentence for the person it concerns. Placeholders: actor, when, start, end.
# `actor` names who did it ("Kari (coordinator)"), or says only their role when the name is gone.
SENTENCES = {
    "admin.roles_changed": _l("%(actor)s changed your account kinds on %(when)s."),
    "admin.verified": _l("%(actor)s changed the verification of your professional account on %(when)s."),
    "admin.verified_council": _l("%(actor)s changed the verification of your council coordinator account on %(when)s."),
    "council.coordinator_viewed": _l("%(actor)s (council coordinator) opened your network council on %(when)s."),
    "council.professional_viewed": _l("%(actor)s (professional) opened what you asked them to write for your network council on %(when)s."),
    "admin.disabled": _l("%(actor)s disabled your account on %(when)s."),
    "admin.enabled": _l("%(actor)s enabled your account again on %(when)s."),
    "coordinator.opened_request": _l("%(actor)s opened your request for a time-giver on %(when)s."),
    "coordinator.opened_referral": _l("%(actor)s read the note in your referral on %(when)s."),
    "coordinator.opened_application": _l("%(actor)s opened your application as a time-giver on %(when)s."),
    "coordinator.issued_reset": _l("%(actor)s made a link for choosing a new password for your account on %(when)s."),
    "admin.issued_reset": _l("%(actor)s made a link for choosing a new password for your account on %(when)s."),
    "account.deleted": _l("A member deleted their account on %(when)s."),
    "guest.present": _l("%(actor)s (guest · professional) took part in the meeting on %(start)s–%(end)s."),
}

# The role an action was done in, by the start of its code: (named, unnamed).
_ACTORS = {
    "admin": (_l("%(name)s (administrator)"), _l("An administrator")),
    "coordinator": (_l("%(name)s (coordinator)"), _l("A coordinator")),
}
# Labels written before entries named the person: they say only the role.
_ROLE_ONLY_LABELS = ("administrator", "coordinator")

# Values allowed in params: codes, ids, times. Anything else is refused, so no content slips in.
_ALLOWED_PARAM_TYPES = (int, bool, type(None))


def _actor_label(actor):
    """A snapshot of the actor's display name, so the person concerned learns who it was."""
    if actor is None:
        return ""
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


def _actor_phrase(entry):
    named, unnamed = _ACTORS.get(entry.action.split(".", 1)[0], (None, None))
    label = entry.actor_label or ""
    if named is None:
        return label or _l("Someone")
    if not label or label in _ROLE_ONLY_LABELS:
        return unnamed
    return named % {"name": label}


def _kinds(params, sign):
    from babel.lists import format_list
    from flask_babel import get_locale

    from ..accounts.labels import ROLE_LABELS
    from ..accounts.models import Role

    names = [str(label) for role, label in ROLE_LABELS.items() if params.get(sign + role.value) is True
             and isinstance(role, Role)]
    return format_list(names, locale=get_locale()) if names else ""


def describe(entry):
    """The entry in plain words, in the current language."""
    from datetime import datetime, timezone

    sentence = SENTENCES.get(entry.action)
    if sentence is None:
        return str(entry.action)
    values = {"actor": _actor_phrase(entry), "when": format_datetime(entry.occurred_at, "short")}
    params = entry.params or {}
    for key in ("start", "end"):
        if isinstance(params.get(key), int):
            moment = datetime.fromtimestamp(params[key], tz=timezone.utc)
            values[key] = format_datetime(moment, "short") if key == "start" else format_datetime(moment, "HH:mm")
        else:
            values[key] = "?"
    text = str(sentence % values)
    if entry.action == "admin.roles_changed":
        added, removed = _kinds(params, "+"), _kinds(params, "-")
        if added:
            text += " " + str(_l("Added: %(kinds)s.", kinds=added))
        if removed:
            text += " " + str(_l("Removed: %(kinds)s.", kinds=removed))
    return text


def export_section(user):
    """The person's audit entries for their data export (about them, or done by them)."""
    rows = db.session.scalars(select(AuditEntry).where(
        or_(AuditEntry.subject_user_id == user.id, AuditEntry.actor_id == user.id))
        .order_by(AuditEntry.occurred_at)).all()
    return [{"action": row.action, "occurred_at": row.occurred_at.isoformat(), "group_id": row.group_id,
             "about_you": row.subject_user_id == user.id, "by_you": row.actor_id == user.id,
             "by": str(_actor_phrase(row)) if row.subject_user_id == user.id and row.actor_id != user.id else None}
            for row in rows]
