"""Staff opening a council: the coordinator's list and page, the professional's statement. Each opening is
recorded for her "who saw what" (the record is made where the reading happens)."""
from sqlalchemy import select

from ... import audit, policy
from ...extensions import db
from ..models import Council
from .common import require_coordinator, require_statement


def coordinated_by(user):
    """The councils this coordinator was asked to coordinate and may see now."""
    rows = db.session.scalars(select(Council).where(Council.coordinator_id == user.id)
                              .order_by(Council.id.desc())).all()
    return [council for council in rows if policy.can_see_council_as_coordinator(user, council)]


def coordinator_opens(user, council_id):
    council = require_coordinator(user, council_id, details=False)
    audit.record("council.coordinator_viewed", actor=user, subject_user_id=council.owner_id, commit=True)
    return council


def professional_opens(user, statement_id):
    statement = require_statement(user, statement_id)
    audit.record("council.professional_viewed", actor=user, subject_user_id=statement.council.owner_id, commit=True)
    return statement
