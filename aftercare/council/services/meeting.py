"""The meeting: part 1 (information), "start the private part" (every staff view of the council ends),
part 2 (the network writes the plan), part 3 (the coordinator is called back, checks it, and she and the
network sign). The plan is finished only with a follow-up date, unless she declines a follow-up; each
follow-up meeting starts from the plan's lines and finishes a new version."""
from datetime import date

from flask_babel import lazy_gettext as _l

from ...exceptions import NotFound, ValidationFailed
from ...extensions import db
from ...timeutil import local_today, utcnow
from ..models import LINE_OWNERS, CouncilLine, CouncilPlanVersion, CouncilSignature
from .common import require_coordinator, require_owner, require_phase, tell, text


def start_meeting(user, council_id):
    """She opens part 1; it needs her questions and the agreement with the coordinator. Raises ValidationFailed."""
    council = require_owner(user, council_id)
    require_phase(council, "preparing")
    if not council.questions:
        raise ValidationFailed(_l("Write your questions first."))
    if not council.agreed:
        raise ValidationFailed(_l("The meeting starts once you and your council coordinator have accepted the agreement."))
    council.phase = "information"
    db.session.commit()


def start_private(user, council_id, *, as_coordinator=False):
    """Part 2. In a council the coordinator and the professionals leave: from now on their views end."""
    council = require_coordinator(user, council_id) if as_coordinator else require_owner(user, council_id)
    require_phase(council, "information")
    council.phase = "plan"
    db.session.commit()


def call_back(user, council_id):
    """Part 3: she calls the coordinator back to check the plan; then the signatures. Raises ValidationFailed."""
    council = require_owner(user, council_id)
    require_phase(council, "plan")
    if not council.lines:
        raise ValidationFailed(_l("Write at least one line of the plan first."))
    council.phase, council.checked_at = "decision", None
    tell([council.coordinator_id], "council_coordinator_called_back", council, f"/council/coordinate/{council.id}")
    db.session.commit()


def check(user, council_id):
    """The coordinator found the plan concrete, feasible and agreed. It is not an approval: nobody outside her
    network approves the plan."""
    council = require_coordinator(user, council_id)
    require_phase(council, "decision")
    council.checked_at = utcnow()
    db.session.commit()


def _line_values(council, values):
    question_id = values.get("question_id")
    if not any(question.id == question_id for question in council.questions):
        raise ValidationFailed(_l("Please choose one of the questions."), field="question_id")
    what = text(values.get("what"), 500, "what", required=True, message=_l("Write what is to be done."))
    owner = values.get("owner") or ""
    kind, _, number = owner.partition(":")
    invitee_id = professional_id = service_name = None
    if kind == "invitee" and any(str(i.id) == number for i in council.invitees):
        invitee_id = int(number)
    elif kind == "professional" and any(str(s.professional_id) == number and s.state == "approved"
                                        for s in council.statements):
        professional_id = int(number)
    elif kind == "service":
        service_name = text(values.get("service_name"), 120, "service_name", required=True,
                            message=_l("Write which service you will ask."))
    elif kind != "self" or kind not in LINE_OWNERS:
        raise ValidationFailed(_l("Please choose who does it."), field="owner")
    due_on = values.get("due_on")
    if due_on is not None and not isinstance(due_on, date):
        raise ValidationFailed(_l("Please give a date."), field="due_on")
    return dict(question_id=question_id, what=what, owner_kind=kind, invitee_id=invitee_id,
                professional_id=professional_id, service_name=service_name, due_on=due_on)


def _writing(user, council_id):
    """The plan is written in part 2 (and in a network meeting while everyone is there); she may correct it
    in part 3 before it is signed."""
    council = require_owner(user, council_id)
    require_phase(council, "plan", "decision")
    return council


def _unsign(council):
    """A changed plan is not the plan they signed."""
    for signature in [s for s in council.signatures if s.round == council.round]:
        council.signatures.remove(signature)
    council.checked_at = None


def add_line(user, council_id, values):
    """Raises ValidationFailed."""
    council = _writing(user, council_id)
    line = CouncilLine(**_line_values(council, values))
    council.lines.append(line)
    _unsign(council)
    db.session.commit()
    return line


def _own_line(council, line_id):
    line = next((line for line in council.lines if line.id == line_id), None)
    if line is None:
        raise NotFound()
    return line


def update_line(user, council_id, line_id, values):
    """Raises NotFound, ValidationFailed."""
    council = _writing(user, council_id)
    line = _own_line(council, line_id)
    for name, value in _line_values(council, values).items():
        setattr(line, name, value)
    _unsign(council)
    db.session.commit()


def remove_line(user, council_id, line_id):
    """Raises NotFound."""
    council = _writing(user, council_id)
    council.lines.remove(_own_line(council, line_id))
    _unsign(council)
    db.session.commit()


def _sign(council, invitee, through_link):
    require_phase(council, "decision")
    invitee_id = invitee.id if invitee is not None else None
    if any(s.round == council.round and s.invitee_id == invitee_id for s in council.signatures):
        return
    name = invitee.name if invitee is not None else council.owner.display_name
    council.signatures.append(CouncilSignature(round=council.round, invitee_id=invitee_id, name=name,
                                               through_link=through_link))
    db.session.commit()


def sign(user, council_id, invitee_id=None):
    """She signs, or an invitee signs by tapping on her phone (the shared phone). Raises NotFound."""
    council = require_owner(user, council_id)
    invitee = None
    if invitee_id is not None:
        invitee = next((i for i in council.invitees if i.id == invitee_id), None)
        if invitee is None:
            raise NotFound()
    _sign(council, invitee, through_link=False)


def sign_through_link(invitee):
    _sign(invitee.council, invitee, through_link=True)


def signed(council):
    """Who signed this round: None stands for her, else invitee ids."""
    return {s.invitee_id for s in council.signatures if s.round == council.round}


def _who(line):
    if line.owner_kind == "invitee":
        return line.invitee.name if line.invitee is not None else line.who_name
    if line.owner_kind == "professional":
        return line.professional.display_name if line.professional is not None else line.who_name
    if line.owner_kind == "service":
        return line.service_name
    return None


def plan_data(council):
    """The plan as it stands: per question its lines (what, who, by when, mark)."""
    return {"round": council.round, "questions": [
        {"question": q.text, "lines": [{"what": line.what, "owner": line.owner_kind, "who": _who(line),
                                        "due_on": line.due_on.isoformat() if line.due_on else None,
                                        "mark": line.mark}
                                       for line in council.lines if line.question_id == q.id]}
        for q in council.questions],
        "signatures": [s.name for s in council.signatures if s.round == council.round],
        "follow_up_on": council.follow_up_on.isoformat() if council.follow_up_on else None,
        "follow_up_declined": council.follow_up_declined}


def finish(user, council_id, follow_up_on=None, decline_follow_up=False):
    """She finishes the plan: signed by her, checked by the coordinator (in a council), and with a follow-up
    date unless she explicitly declines one. A new version is kept; copies reach the invitees' links and the
    professionals she shares lines with. Raises ValidationFailed."""
    council = require_owner(user, council_id)
    require_phase(council, "decision")
    if not decline_follow_up:
        if not isinstance(follow_up_on, date):
            raise ValidationFailed(_l("Agree on a date for the follow-up meeting, or say that you want none."),
                                   field="follow_up_on")
        if follow_up_on <= local_today():
            raise ValidationFailed(_l("The follow-up meeting is after today."), field="follow_up_on")
    if None not in signed(council):
        raise ValidationFailed(_l("Sign the plan yourself first."))
    if council.coordinator_id is not None and council.checked_at is None:
        raise ValidationFailed(_l("Your council coordinator checks the plan before it is finished."))
    council.follow_up_on = None if decline_follow_up else follow_up_on
    council.follow_up_declined = bool(decline_follow_up)
    council.prepared_for = None
    for line in council.lines:
        if line.owner_kind in ("invitee", "professional"):
            line.who_name = _who(line)
    council.phase = "following_up"
    council.versions.append(CouncilPlanVersion(number=len(council.versions) + 1, data=plan_data(council)))
    shared = [s.professional_id for s in council.statements if s.share_lines and s.state == "approved"]
    tell([council.coordinator_id], "council_plan_finished", council, f"/council/coordinate/{council.id}")
    for statement in council.statements:
        if statement.professional_id in shared:
            tell([statement.professional_id], "council_plan_finished", council, f"/council/statements/{statement.id}")
    db.session.commit()


def start_follow_up(user, council_id, *, as_coordinator=False):
    """One step re-invites everyone: their answers start over, their links keep working, and the meeting's
    agenda is the plan's lines as their owners marked them."""
    council = require_coordinator(user, council_id) if as_coordinator else require_owner(user, council_id)
    require_phase(council, "following_up")
    council.round += 1
    council.phase = "preparing"
    council.checked_at = None
    for invitee in council.invitees:
        invitee.answer = invitee.answered_at = None
        invitee.answer_recorded = False
    tell([council.owner_id if as_coordinator else council.coordinator_id], "council_follow_up_started", council,
         f"/council/{council.id}" if as_coordinator else f"/council/coordinate/{council.id}")
    db.session.commit()
