"""What every council service starts with: whose council this is, who may see it, and storable input."""
import hashlib

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ... import policy
from ...exceptions import NotFound, ValidationFailed
from ...extensions import db
from ...notifications.services import notify
from ..models import Council, CouncilStatement


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def council_of(council_id):
    return db.session.get(Council, council_id) if isinstance(council_id, int) else None


def require_owner(user, council_id, *, running=True):
    """Her council (while it runs, unless `running` is False). Raises NotFound for everyone else."""
    council = council_id if isinstance(council_id, Council) else council_of(council_id)
    allowed = policy.can_change_council if running else policy.is_council_owner
    if council is None or not allowed(user, council):
        raise NotFound()
    return council


def require_coordinator(user, council_id, *, details=True):
    """The council as its coordinator may see it (with `details`: only once both accepted the agreement).
    Raises NotFound."""
    council = council_of(council_id)
    allowed = policy.can_see_council_details if details else policy.can_see_council_as_coordinator
    if council is None or not allowed(user, council):
        raise NotFound()
    return council


def require_statement(user, statement_id):
    """Raises NotFound."""
    statement = db.session.get(CouncilStatement, statement_id) if isinstance(statement_id, int) else None
    if statement is None or not (policy.can_see_statement(user, statement)
                                 or policy.can_see_lines_as_professional(user, statement)):
        raise NotFound()
    return statement


def require_phase(council, *phases):
    """Raises ValidationFailed."""
    if council.phase not in phases:
        raise ValidationFailed(_l("This step is not open at this point of the council."))


def text(value, limit, field, required=False, message=None):
    """Trimmed text, or None when empty. Raises ValidationFailed when too long (or missing if required)."""
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(_l("Please keep this under %(count)d characters.", count=limit), field=field)
    if required and not value:
        raise ValidationFailed(message or _l("Please write something here."), field=field)
    return value or None


def about(council):
    return f"council:{council.id}"


def tell(user_ids, kind, council, link):
    """A notice about the council, never with what anyone wrote in it."""
    notify([uid for uid in user_ids if uid is not None], kind, link=link, about=about(council))


def councils_of(user):
    return db.session.scalars(select(Council).where(Council.owner_id == user.id).order_by(Council.id.desc())).all()
