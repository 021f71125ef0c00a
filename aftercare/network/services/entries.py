"""The network map: entries, their history ("then and now") and the people she calls when it gets hard."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from ...extensions import db
from ...timeutil import utcnow
from ..models import (CIRCLES, CONTACT, EFFECTS, GIVES, MARKERS, SPHERES, USES, WISHES, NetworkEntry,
                      NetworkSnapshot)
from .common import one_of, require_own, require_tools, text

# "The map on 3 March" means as it stood at the end of that day, in the platform's home zone.
HOME_ZONE = ZoneInfo("Europe/Oslo")
LIMITS = {"name": 60, "concrete_help": 500, "note": 2000}
CHOICE_FIELDS = {"circle": CIRCLES, "sphere": SPHERES, "contact": CONTACT, "effect": EFFECTS,
                 "uses_substances": USES, "wish": WISHES}
FLAGS = ("is_group", "reciprocal", "reconnect", *MARKERS)


def clean_entry(data):
    """Plain data from a form, checked. Every field is optional. Raises ValidationFailed."""
    cleaned = {name: text(data.get(name), limit, name) for name, limit in LIMITS.items()}
    cleaned.update({name: one_of(data.get(name), allowed, name) for name, allowed in CHOICE_FIELDS.items()})
    cleaned.update({name: bool(data.get(name)) for name in FLAGS})
    chosen = list(data.get("gives") or ())
    for code in chosen:
        one_of(code, GIVES, "gives")
    cleaned["gives"] = [code for code in GIVES if code in chosen]
    return cleaned


def my_entries(user):
    """Her entries, closest circle first. Raises NotFound for someone without the tools."""
    require_tools(user)
    entries = db.session.scalars(select(NetworkEntry).where(NetworkEntry.owner_id == user.id)
                                 .order_by(NetworkEntry.id)).all()
    order = {code: index for index, code in enumerate(CIRCLES)}
    return sorted(entries, key=lambda e: (order.get(e.circle, len(order)), (e.name or "").casefold(), e.id))


def get_entry(user, entry_id):
    """Raises NotFound unless the entry is hers."""
    require_tools(user)
    return require_own(user, db.session.get(NetworkEntry, entry_id))


def _record(entry, now):
    """Close the entry's open snapshot and open a new one, if anything changed (flush only)."""
    current = db.session.scalar(select(NetworkSnapshot).where(NetworkSnapshot.owner_id == entry.owner_id,
                                                              NetworkSnapshot.entry_number == entry.id,
                                                              NetworkSnapshot.valid_to.is_(None)))
    fields = entry.fields()
    if current is not None:
        if current.data == fields:
            return
        current.valid_to = now
    db.session.add(NetworkSnapshot(owner_id=entry.owner_id, entry_number=entry.id, valid_from=now, data=fields))


def add_entry(user, data):
    """A new person or group on her map. Raises NotFound, ValidationFailed."""
    require_tools(user)
    cleaned = clean_entry(data)
    now = utcnow()
    entry = NetworkEntry(owner_id=user.id, created_at=now, updated_at=now, **cleaned)
    db.session.add(entry)
    db.session.flush()
    _record(entry, now)
    db.session.commit()
    return entry


def update_entry(user, entry, data):
    """Raises NotFound, ValidationFailed."""
    require_own(user, entry)
    cleaned = clean_entry(data)
    for name, value in cleaned.items():
        setattr(entry, name, value)
    now = utcnow()
    entry.updated_at = now
    _record(entry, now)
    db.session.commit()
    return entry


def remove_entry(user, entry):
    """Off the map; the history keeps how it was until now (she can delete the history). A plan step it
    helped with keeps its text without the helper. Raises NotFound."""
    require_own(user, entry)
    db.session.execute(update(NetworkSnapshot).where(NetworkSnapshot.owner_id == user.id,
                                                     NetworkSnapshot.entry_number == entry.id,
                                                     NetworkSnapshot.valid_to.is_(None)).values(valid_to=utcnow()))
    db.session.delete(entry)
    db.session.commit()


def set_callers(user, entry_ids, now=None):
    """Mark exactly these entries of hers as someone she can call when it gets hard (flush only)."""
    now = now or utcnow()
    wanted = set(entry_ids)
    for entry in db.session.scalars(select(NetworkEntry).where(NetworkEntry.owner_id == user.id)):
        if entry.can_call != (entry.id in wanted):
            entry.can_call = entry.id in wanted
            entry.updated_at = now
            _record(entry, now)


def end_of_day(day):
    return datetime.combine(day + timedelta(days=1), time(0), HOME_ZONE)


def map_on(user, day):
    """Her map as it stood at the end of `day`: a list of (entry number, fields). Raises NotFound."""
    require_tools(user)
    moment = end_of_day(day)
    snapshots = db.session.scalars(select(NetworkSnapshot).where(
        NetworkSnapshot.owner_id == user.id, NetworkSnapshot.valid_from < moment,
        (NetworkSnapshot.valid_to.is_(None)) | (NetworkSnapshot.valid_to >= moment))
        .order_by(NetworkSnapshot.entry_number)).all()
    return [(snapshot.entry_number, snapshot.data) for snapshot in snapshots]


def history_start(user):
    """The first day the history knows of, or None. Raises NotFound."""
    require_tools(user)
    first = db.session.scalar(select(NetworkSnapshot.valid_from).where(NetworkSnapshot.owner_id == user.id)
                              .order_by(NetworkSnapshot.valid_from).limit(1))
    return first.astimezone(HOME_ZONE).date() if first else None


def delete_history(user):
    """Forget how the map was: only today's map stays, as the start of a new history. Raises NotFound."""
    require_tools(user)
    now = utcnow()
    db.session.execute(delete(NetworkSnapshot).where(NetworkSnapshot.owner_id == user.id,
                                                     NetworkSnapshot.valid_to.is_not(None)))
    db.session.execute(update(NetworkSnapshot).where(NetworkSnapshot.owner_id == user.id)
                       .values(valid_from=now))
    db.session.commit()
