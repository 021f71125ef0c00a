"""My aftercare plan: areas (the five everyone has, and her own), next steps, and the versions kept."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ...exceptions import NotFound, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..labels import area_title
from ..models import AREAS, STEP_HELPERS, STEP_STATES, NetworkEntry, PlanArea, PlanStep, PlanVersion
from .common import one_of, require_own, require_tools, text
from .reminders import step_seen_to

# Changes this close together belong to one sitting and make one version, not a dozen.
ONE_SITTING = timedelta(minutes=30)
AREA_LIMIT, STEP_LIMIT, TITLE_LIMIT = 2000, 500, 80


def plan_of(user):
    """Every area of her plan in order: the five common ones (with their row, or None if she never wrote
    in it) and then her own. Raises NotFound."""
    require_tools(user)
    rows = db.session.scalars(select(PlanArea).where(PlanArea.owner_id == user.id).order_by(PlanArea.id)).all()
    common = {row.kind: row for row in rows if row.kind != "own"}
    return [(kind, common.get(kind)) for kind in AREAS] + [("own", row) for row in rows if row.kind == "own"]


def area_by_slug(user, slug):
    """(kind, row or None) for "housing" … or "own-12". Raises NotFound."""
    require_tools(user)
    if slug in AREAS:
        return slug, db.session.scalar(select(PlanArea).where(PlanArea.owner_id == user.id, PlanArea.kind == slug))
    number = slug.removeprefix("own-")
    if not slug.startswith("own-") or not number.isdigit():
        raise NotFound()
    area = require_own(user, db.session.get(PlanArea, int(number)))
    if area.kind != "own":
        raise NotFound()
    return "own", area


def _area_row(user, kind, area):
    if area is None:
        area = PlanArea(owner_id=user.id, kind=kind)
        db.session.add(area)
        db.session.flush()
    return area


def save_area(user, slug, where_now, wanted, title=None):
    """Where I am and what I want, in one area (and the name of her own area). Raises NotFound,
    ValidationFailed."""
    kind, area = area_by_slug(user, slug)
    where_now, wanted = text(where_now, AREA_LIMIT, "where_now"), text(wanted, AREA_LIMIT, "wanted")
    area = _area_row(user, kind, area)
    if kind == "own":
        area.title = text(title, TITLE_LIMIT, "title") or area.title
    area.where_now, area.wanted, area.updated_at = where_now, wanted, utcnow()
    _save_version(user)
    db.session.commit()
    return area


def add_own_area(user, title):
    """An area she names herself. Raises NotFound, ValidationFailed."""
    require_tools(user)
    title = text(title, TITLE_LIMIT, "title")
    if not title:
        raise ValidationFailed(_l("Give the area a name."), field="title")
    area = PlanArea(owner_id=user.id, kind="own", title=title)
    db.session.add(area)
    db.session.flush()
    _save_version(user)
    db.session.commit()
    return area


def remove_own_area(user, slug):
    """Her own area and its steps go (the common areas stay; they can simply be left empty). Raises NotFound."""
    kind, area = area_by_slug(user, slug)
    if kind != "own":
        raise NotFound()
    db.session.delete(area)
    db.session.flush()
    _save_version(user)
    db.session.commit()


def clean_step(user, data):
    """Raises ValidationFailed (also for a helper from someone else's map)."""
    cleaned = {"what": text(data.get("what"), STEP_LIMIT, "what"),
               "helper": one_of(data.get("helper"), STEP_HELPERS, "helper"),
               "helper_name": text(data.get("helper_name"), TITLE_LIMIT, "helper_name"),
               "status": one_of(data.get("status"), STEP_STATES, "status"),
               "due_on": data.get("due_on") or None, "helper_entry_id": None}
    if cleaned["helper"] == "entry":
        entry = db.session.get(NetworkEntry, data.get("helper_entry_id")) if data.get("helper_entry_id") else None
        if entry is None or entry.owner_id != user.id:
            raise ValidationFailed(_l("Choose someone from your map."), field="helper_entry_id")
        cleaned["helper_entry_id"] = entry.id
    if cleaned["helper"] != "service":
        cleaned["helper_name"] = None
    return cleaned


def add_step(user, slug, data):
    """A next step in an area. Raises NotFound, ValidationFailed."""
    kind, area = area_by_slug(user, slug)
    cleaned = clean_step(user, data)
    if not cleaned["what"]:
        raise ValidationFailed(_l("Write what the step is."), field="what")
    area = _area_row(user, kind, area)
    step = PlanStep(owner_id=user.id, area_id=area.id, **cleaned)
    db.session.add(step)
    db.session.flush()
    _save_version(user)
    db.session.commit()
    return step


def get_step(user, step_id):
    """Raises NotFound unless the step is hers."""
    require_tools(user)
    return require_own(user, db.session.get(PlanStep, step_id))


def update_step(user, step, data):
    """Raises NotFound, ValidationFailed."""
    require_own(user, step)
    cleaned = clean_step(user, data)
    if not cleaned["what"]:
        raise ValidationFailed(_l("Write what the step is."), field="what")
    for name, value in cleaned.items():
        setattr(step, name, value)
    step.updated_at = utcnow()
    step_seen_to(step)
    _save_version(user)
    db.session.commit()
    return step


def mark_step(user, step, status):
    """Done, under way, need help, dropped — or unmarked again. Raises NotFound, ValidationFailed."""
    require_own(user, step)
    step.status = one_of(status, STEP_STATES, "status")
    step.updated_at = utcnow()
    step_seen_to(step)
    _save_version(user)
    db.session.commit()
    return step


def remove_step(user, step):
    """Raises NotFound."""
    require_own(user, step)
    step_seen_to(step)
    db.session.delete(step)
    db.session.flush()
    _save_version(user)
    db.session.commit()


def plan_data(user):
    """The whole plan as plain data (what a version keeps and the export holds)."""
    areas = []
    for kind, area in plan_of(user):
        if area is None:
            continue
        areas.append({
            "kind": kind, "title": str(area_title(area)), "where_now": area.where_now, "wanted": area.wanted,
            "steps": [{"what": step.what, "helper": step.helper, "helper_name": _helper_name(step),
                       "due_on": step.due_on.isoformat() if step.due_on else None, "status": step.status}
                      for step in area.steps]})
    return {"areas": areas}


def _helper_name(step):
    if step.helper == "entry" and step.helper_entry is not None:
        return step.helper_entry.name
    return step.helper_name


def _save_version(user):
    """Keep the plan as it now stands (flush only); a change within one sitting updates that sitting's version."""
    db.session.flush()
    db.session.expire_all()
    now = utcnow()
    latest = db.session.scalar(select(PlanVersion).where(PlanVersion.owner_id == user.id)
                               .order_by(PlanVersion.saved_at.desc(), PlanVersion.id.desc()).limit(1))
    data = plan_data(user)
    if latest is not None and now - latest.saved_at < ONE_SITTING:
        latest.data, latest.saved_at = data, now
    else:
        db.session.add(PlanVersion(owner_id=user.id, saved_at=now, data=data))
    db.session.flush()


def versions(user):
    """Her plan's versions, newest first. Raises NotFound."""
    require_tools(user)
    return db.session.scalars(select(PlanVersion).where(PlanVersion.owner_id == user.id)
                              .order_by(PlanVersion.saved_at.desc(), PlanVersion.id.desc())).all()


def get_version(user, version_id):
    """Raises NotFound unless the version is hers."""
    require_tools(user)
    return require_own(user, db.session.get(PlanVersion, version_id))


def delete_old_versions(user):
    """Every version but the newest goes. Raises NotFound."""
    kept = versions(user)[:1]
    db.session.execute(delete(PlanVersion).where(PlanVersion.owner_id == user.id,
                                                 PlanVersion.id.not_in([v.id for v in kept])))
    db.session.commit()
