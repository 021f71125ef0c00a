"""What these tools add to other areas: a section of the person's own data export, and the deletion of
everything in them with her account. Nothing of them goes anywhere else (no other export, page or count)."""
from sqlalchemy import delete, select

from ..extensions import db
from ..mydata.labels import register_labels
from ..exports import register_section
from ..signals import account_deleting
from . import labels
from .models import HardTimesMessage, NetworkEntry, NetworkSnapshot, PlanArea, PlanStep, PlanVersion
from .services import plan_data

SECTION = "network"


def _readable(fields):
    """An entry's fields with her choices in words, as the export gives them."""
    out = {}
    for name, value in fields.items():
        if name in labels.CHOICES:
            value = labels.choice(name, value)
            value = str(value) if value is not None else None
        elif name == "gives":
            value = [str(labels.GIVES[code]) for code in value or ()]
        out[name] = value
    return out


def export_section(user):
    """Her map (with its history), her plan (with its versions) and her words for hard times."""
    entries = db.session.scalars(select(NetworkEntry).where(NetworkEntry.owner_id == user.id)
                                 .order_by(NetworkEntry.id)).all()
    snapshots = db.session.scalars(select(NetworkSnapshot).where(NetworkSnapshot.owner_id == user.id)
                                   .order_by(NetworkSnapshot.entry_number, NetworkSnapshot.valid_from)).all()
    versions = db.session.scalars(select(PlanVersion).where(PlanVersion.owner_id == user.id)
                                  .order_by(PlanVersion.saved_at)).all()
    message = db.session.scalar(select(HardTimesMessage.message).where(HardTimesMessage.owner_id == user.id))
    if not (entries or snapshots or versions or message):
        return {}
    return {
        "network_map": [{"id": entry.id, **_readable(entry.fields())} for entry in entries],
        "network_map_history": [{"entry_id": s.entry_number, "valid_from": s.valid_from.isoformat(),
                                 "valid_to": s.valid_to.isoformat() if s.valid_to else None,
                                 **_readable(s.data)} for s in snapshots],
        "aftercare_plan": _readable_plan(plan_data(user)["areas"]) if _has_plan(user) else [],
        "aftercare_plan_versions": [{"saved_at": v.saved_at.isoformat(),
                                     "areas": _readable_plan(v.data.get("areas", []))} for v in versions],
        "when_it_gets_hard": message,
    }


def _readable_plan(areas):
    """Areas with how each step stands and who helps in words."""
    def step(item):
        helper, status = item.get("helper"), item.get("status")
        return {**item, "helper": str(labels.STEP_HELPERS[helper]) if helper in labels.STEP_HELPERS else None,
                "status": str(labels.STEP_STATES.get(status, labels.STEP_UNMARKED))}
    return [{**area, "steps": [step(item) for item in area.get("steps", [])]} for area in areas]


def _has_plan(user):
    return db.session.scalar(select(PlanArea.id).where(PlanArea.owner_id == user.id).limit(1)) is not None


@account_deleting.connect
def _delete_with_account(user, **_):
    """Everything of hers goes with the account (the foreign keys cascade too; this does not wait for them)."""
    for model in (PlanStep, PlanArea, PlanVersion, HardTimesMessage, NetworkSnapshot, NetworkEntry):
        db.session.execute(delete(model).where(model.owner_id == user.id).execution_options(synchronize_session=False))


register_section(SECTION, export_section)
register_labels({SECTION: labels.EXPORT_TITLE}, labels.EXPORT_FIELDS)
