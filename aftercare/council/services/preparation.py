"""Preparing a council: her questions, the coordinator she chooses, the agreement, the practicalities."""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ... import policy
from ...accounts.models import Role, User, UserRole
from ...exceptions import NotFound, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..models import KINDS, MAX_QUESTIONS, Council, CouncilQuestion
from .common import require_coordinator, require_owner, require_phase, tell, text

QUESTION_LIMIT = 200
_OPENINGS = re.compile(r"^\s*(how|what|where|who|hvordan|hva|hvor|hvem)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(i|me|my|we|us|our|jeg|meg|min|mitt|mine|vi|oss|vår|vårt|våre)\b", re.IGNORECASE)
_PAST = re.compile(r"\b(was|were|did|had|used to|var|gjorde|hadde|pleide)\b", re.IGNORECASE)


def question_hints(question):
    """Help with the form of a question (first person, "How can I …", now or the future): hints, never a
    refusal; she decides."""
    hints = []
    if not _OPENINGS.search(question):
        hints.append(_l("Questions that start with “How can I …” are easier for your people to answer with a plan."))
    if not _FIRST_PERSON.search(question):
        hints.append(_l("Write it as your own question: “I”, “me”, “my”."))
    if _PAST.search(question):
        hints.append(_l("A council looks ahead: ask about now or the future, not about what happened."))
    return hints


def start_council(user, kind="council"):
    """A new council of hers, in preparation. Raises NotFound (not a participant), ValidationFailed."""
    if not policy.can_hold_council(user):
        raise NotFound()
    if kind not in KINDS:
        raise ValidationFailed(_l("Please choose one of the options."), field="kind")
    council = Council(owner_id=user.id, kind=kind, phase="preparing")
    db.session.add(council)
    db.session.commit()
    return council


def save_questions(user, council_id, questions):
    """Her questions, at most three, in her order; nobody else edits them. Raises NotFound, ValidationFailed."""
    council = require_owner(user, council_id)
    require_phase(council, "preparing")
    cleaned = [text(value, QUESTION_LIMIT, f"question_{number}") for number, value in enumerate(questions, 1)]
    cleaned = [value for value in cleaned if value]
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationFailed(_l("A council has at most three questions."))
    if not cleaned:
        raise ValidationFailed(_l("Write at least one question."), field="question_1")
    existing = list(council.questions)
    for position, value in enumerate(cleaned):
        if position < len(existing):
            existing[position].text, existing[position].position = value, position
        else:
            council.questions.append(CouncilQuestion(text=value, position=position))
    for question in existing[len(cleaned):]:
        if any(line.question_id == question.id for line in council.lines):
            raise ValidationFailed(_l("A question with plan lines under it stays."))
        council.questions.remove(question)
    db.session.commit()
    return council


def set_kind(user, council_id, kind):
    """A council (private part without staff) or, at her explicit choice, a network meeting (staff stay).
    Raises ValidationFailed."""
    council = require_owner(user, council_id)
    require_phase(council, "preparing")
    if kind not in KINDS:
        raise ValidationFailed(_l("Please choose one of the options."), field="kind")
    council.kind = kind
    db.session.commit()


def available_coordinators():
    """Verified council coordinators she may choose, with their organisation."""
    people = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.COUNCIL_COORDINATOR, User.is_disabled.is_(False), User.organisation.is_not(None))
        .order_by(User.display_name)).all()
    return [person for person in people if policy.can_be_chosen_as_council_coordinator(person)]


def choose_coordinator(user, council_id, coordinator_id):
    """Ask a verified council coordinator; they see only the request until both accepted the agreement.
    Raises ValidationFailed."""
    council = require_owner(user, council_id)
    require_phase(council, "preparing")
    person = db.session.get(User, coordinator_id) if isinstance(coordinator_id, int) else None
    if not policy.can_be_chosen_as_council_coordinator(person):
        raise ValidationFailed(_l("Please choose one of the council coordinators in the list."), field="coordinator")
    if council.coordinator_id is not None:
        raise ValidationFailed(_l("Withdraw from your coordinator first."), field="coordinator")
    council.coordinator_id, council.coordinator_state = person.id, "asked"
    council.coordinator_agreed_at = None
    tell([person.id], "council_coordinator_asked", council, f"/council/coordinate/{council.id}")
    db.session.commit()


def _drop_coordinator(council):
    council.coordinator_id, council.coordinator_state = None, None
    council.owner_agreed_at = council.coordinator_agreed_at = None


def withdraw_coordinator(user, council_id):
    """She no longer wants this coordinator (no reason asked); they are told, and see nothing more."""
    council = require_owner(user, council_id)
    if council.coordinator_id is None:
        return
    tell([council.coordinator_id], "council_coordinator_released", council, "/council/coordinate")
    _drop_coordinator(council)
    db.session.commit()


def answer_request(user, council_id, accept):
    """The coordinator accepts the request (then the agreement) or declines it."""
    council = require_coordinator(user, council_id, details=False)
    if accept:
        council.coordinator_state = "accepted"
        council.coordinator_agreed_at = utcnow()
        tell([council.owner_id], "council_coordinator_accepted", council, f"/council/{council.id}/coordinator")
    else:
        tell([council.owner_id], "council_coordinator_declined", council, f"/council/{council.id}/coordinator")
        _drop_coordinator(council)
    db.session.commit()


def coordinator_withdraws(user, council_id):
    council = require_coordinator(user, council_id, details=False)
    tell([council.owner_id], "council_coordinator_declined", council, f"/council/{council.id}/coordinator")
    _drop_coordinator(council)
    db.session.commit()


def owner_agrees(user, council_id, agreed):
    """She accepts the agreement (or takes her acceptance back). Raises ValidationFailed."""
    council = require_owner(user, council_id)
    if council.coordinator_id is None:
        raise ValidationFailed(_l("Choose a council coordinator first."))
    council.owner_agreed_at = utcnow() if agreed else None
    db.session.commit()


def save_practicalities(user, council_id, values):
    """Date, time, place, food, interpreter, childcare, her invitation and opening words.
    Raises ValidationFailed."""
    council = require_owner(user, council_id)
    meeting_on = values.get("meeting_on")
    if meeting_on is not None and not isinstance(meeting_on, date):
        raise ValidationFailed(_l("Please give a date."), field="meeting_on")
    meeting_time = (values.get("meeting_time") or "").strip() or None
    if meeting_time is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", meeting_time):
        raise ValidationFailed(_l("Please give a time like 18:00."), field="meeting_time")
    council.meeting_on, council.meeting_time = meeting_on, meeting_time
    for name, limit in (("place", 300), ("food", 300), ("interpreter", 300), ("childcare", 300),
                        ("invitation_words", 2000), ("opening_words", 4000)):
        setattr(council, name, text(values.get(name), limit, name))
    db.session.commit()
