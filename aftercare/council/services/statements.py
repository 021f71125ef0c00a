"""Professional statements: she asks a professional she knows (by user name) for a statement on questions
she chooses; they accept the agreement and write; she approves, asks for changes or rejects. Only approved
text is used at the meeting."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ... import policy
from ...accounts.models import User
from ...exceptions import NotFound, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..models import CouncilStatement
from .common import require_owner, require_phase, require_statement, tell, text

STATEMENT_LIMIT = 4000


def ask(user, council_id, username, question_ids):
    """Ask a verified professional for a statement on some of her questions. Raises ValidationFailed."""
    council = require_owner(user, council_id)
    require_phase(council, "preparing")
    name = (username or "").strip().lower()
    person = db.session.scalar(select(User).where(func.lower(User.username) == name)) if name else None
    if person is None or person.is_disabled or not policy.has_professional_powers(person):
        raise ValidationFailed(_l("No verified professional has this user name. Ask them for the user name they "
                                  "sign in with."), field="username")
    own = {question.id for question in council.questions}
    chosen = sorted({int(q) for q in question_ids if str(q).isdigit() and int(q) in own})
    if not chosen:
        raise ValidationFailed(_l("Choose at least one question."), field="questions")
    if any(s.professional_id == person.id and s.state != "rejected" for s in council.statements):
        raise ValidationFailed(_l("You have asked this professional already."), field="username")
    statement = CouncilStatement(professional_id=person.id, question_ids=chosen, state="asked")
    council.statements.append(statement)
    db.session.flush()
    tell([person.id], "council_statement_asked", council, f"/council/statements/{statement.id}")
    db.session.commit()
    return statement


def _own_statement(council, statement_id):
    statement = next((s for s in council.statements if s.id == statement_id), None)
    if statement is None:
        raise NotFound()
    return statement


def professional_agrees(user, statement_id):
    statement = require_statement(user, statement_id)
    if statement.agreed_at is None:
        statement.agreed_at = utcnow()
        db.session.commit()


def write(user, statement_id, value):
    """The professional writes (or rewrites) their statement; she is told there is one to read.
    Raises ValidationFailed."""
    statement = require_statement(user, statement_id)
    if not policy.can_see_statement(user, statement) or statement.council.phase != "preparing":
        raise ValidationFailed(_l("The statement can no longer be changed."))
    if statement.agreed_at is None:
        raise ValidationFailed(_l("Accept the agreement first."))
    if statement.state in ("approved", "rejected"):
        raise ValidationFailed(_l("The statement can no longer be changed."))
    statement.text = text(value, STATEMENT_LIMIT, "text", required=True)
    statement.state, statement.updated_at = "written", utcnow()
    council = statement.council
    tell([council.owner_id], "council_statement_written", council, f"/council/{council.id}/statements")
    db.session.commit()


def decide(user, council_id, statement_id, decision, note=None):
    """She approves the statement, asks for changes (with a note) or rejects it.
    Raises NotFound, ValidationFailed."""
    council = require_owner(user, council_id)
    statement = _own_statement(council, statement_id)
    if decision not in ("approve", "changes", "reject"):
        raise ValidationFailed(_l("Please choose one of the options."))
    if decision != "reject" and statement.state != "written":
        raise ValidationFailed(_l("There is no statement to read yet."))
    statement.state = {"approve": "approved", "changes": "changes", "reject": "rejected"}[decision]
    statement.her_note = text(note, 1000, "note") if decision == "changes" else None
    statement.updated_at = utcnow()
    tell([statement.professional_id], "council_statement_answered", council, f"/council/statements/{statement.id}")
    db.session.commit()


def share_lines(user, council_id, statement_id, shared):
    """She lets the professional have the plan's lines assigned to them (or not). Raises NotFound."""
    council = require_owner(user, council_id)
    statement = _own_statement(council, statement_id)
    statement.share_lines = bool(shared)
    db.session.commit()


def statements_for(user):
    """The statements a professional was asked for, in councils that can still use them or share lines."""
    rows = db.session.scalars(select(CouncilStatement).where(CouncilStatement.professional_id == user.id)
                              .order_by(CouncilStatement.id.desc())).all()
    return [s for s in rows if policy.can_see_statement(user, s) or policy.can_see_lines_as_professional(user, s)]
