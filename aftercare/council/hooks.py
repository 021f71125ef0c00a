"""What the council adds to other areas: a section of her own data export, and its deletion with her
account. Nothing of a council goes into anyone else's export, page or count."""
from sqlalchemy import delete, select, update

from ..exports import register_section
from ..extensions import db
from ..mydata.labels import register_labels
from ..network.services.rotation import register_encrypted
from ..signals import account_deleting
from . import labels
from .models import (Council, CouncilInvitee, CouncilLine, CouncilPlanVersion, CouncilQuestion, CouncilSignature,
                     CouncilStatement)
from .services import plan_data

SECTION = "network_councils"


def export_section(user):
    """Her councils: questions, invitees (first names), approved statements, the plan and its versions."""
    councils = db.session.scalars(select(Council).where(Council.owner_id == user.id).order_by(Council.id)).all()
    return [{
        "id": council.id, "kind": str(labels.KINDS[council.kind]), "started": council.created_at.isoformat(),
        "ended": council.ended_at.isoformat() if council.ended_at else None,
        "coordinator": council.coordinator.display_name if council.coordinator else None,
        "questions": [question.text for question in council.questions],
        "invitees": [invitee.name for invitee in council.invitees],
        "statements": [{"by": s.professional.display_name, "text": s.text,
                        "state": str(labels.STATEMENT_STATES[s.state])} for s in council.statements],
        "plan": plan_data(council),
        "versions": [{"number": v.number, "finished": v.finished_at.isoformat(), **v.data} for v in council.versions],
    } for council in councils]


@account_deleting.connect
def _delete_with_account(user, **_):
    """Her councils go with her account; a coordinator's or professional's account leaves her council
    without them (a professional's statement goes with their account)."""
    for council in db.session.scalars(select(Council).where(Council.owner_id == user.id)).all():
        db.session.delete(council)
    db.session.execute(update(Council).where(Council.coordinator_id == user.id)
                       .values(coordinator_id=None, coordinator_state=None, coordinator_agreed_at=None)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(CouncilLine).where(CouncilLine.professional_id == user.id)
                       .values(professional_id=None).execution_options(synchronize_session=False))
    db.session.execute(delete(CouncilStatement).where(CouncilStatement.professional_id == user.id)
                       .execution_options(synchronize_session=False))


register_section(SECTION, export_section)
register_encrypted(Council, CouncilQuestion, CouncilInvitee, CouncilStatement, CouncilLine, CouncilSignature,
                   CouncilPlanVersion)
register_labels({SECTION: labels.EXPORT_TITLE}, {})
