"""After the meeting: each line's owner marks their own lines (done, need help, can't) and nobody else is
told who is late; reminders go to a line's owner about their own line only; two weeks before the follow-up
the coordinator gets a preparation task. Ending a council deletes the invitees' details; deleting it
deletes everything (copies already sent stay sent)."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ... import policy
from ...exceptions import NotFound, ValidationFailed
from ...extensions import db
from ...notifications.services import acted_on, notify
from ...timeutil import local_today, utcnow
from ..models import LINE_MARKS, Council, CouncilLine
from .common import about, require_owner

PREPARE_DAYS = 14


def _mark(line, mark):
    if mark not in (*LINE_MARKS, ""):
        raise ValidationFailed(_l("Please choose one of the options."), field="mark")
    line.mark, line.marked_at = mark or None, utcnow() if mark else None


def mark_line(user, line_id, mark, invitee=None):
    """A line's owner marks it (an invitee through their link). Raises NotFound for anyone else.
    Raises ValidationFailed."""
    line = db.session.get(CouncilLine, line_id) if isinstance(line_id, int) else None
    if line is None or not policy.can_mark_council_line(user, line, invitee):
        raise NotFound()
    _mark(line, mark)
    if invitee is None:
        acted_on([user.id], f"council_line:{line.id}")
    db.session.commit()


def my_lines(council, *, invitee=None, professional_id=None):
    if invitee is not None:
        return [line for line in council.lines if line.owner_kind == "invitee" and line.invitee_id == invitee.id]
    if professional_id is not None:
        return [line for line in council.lines if line.owner_kind == "professional"
                and line.professional_id == professional_id]
    return [line for line in council.lines if line.owner_kind == "self"]


def _line_owner_account(line):
    """The account to remind about a line: hers, or a professional she shares the lines with. Invitees have
    no account and are never contacted by the platform: their page shows their lines first."""
    council = line.council
    if line.owner_kind == "self":
        return council.owner_id
    if line.owner_kind == "professional" and any(
            s.professional_id == line.professional_id and s.share_lines and s.state == "approved"
            for s in council.statements):
        return line.professional_id
    return None


def send_council_reminders(today=None):
    """The sweep: lines reaching their date (to their owner only, once per date) and the coordinator's
    preparation task two weeks before a follow-up. Commits once; returns (lines, tasks)."""
    today = today or local_today()
    lines = db.session.scalars(select(CouncilLine).join(Council).where(
        Council.ended_at.is_(None), Council.phase == "following_up", CouncilLine.due_on == today,
        or_(CouncilLine.mark.is_(None), CouncilLine.mark == "need_help"),
        or_(CouncilLine.reminded_for.is_(None), CouncilLine.reminded_for != CouncilLine.due_on))).all()
    for line in lines:
        line.reminded_for = line.due_on
        account = _line_owner_account(line)
        if account is not None:
            link = (f"/council/{line.council_id}#line-{line.id}" if line.owner_kind == "self"
                    else "/council/statements")
            notify([account], "council_line_due", link=link, about=f"council_line:{line.id}")
    due = db.session.scalars(select(Council).where(
        Council.ended_at.is_(None), Council.phase == "following_up", Council.coordinator_id.is_not(None),
        Council.follow_up_on <= today + timedelta(days=PREPARE_DAYS), Council.follow_up_on > today,
        or_(Council.prepared_for.is_(None), Council.prepared_for != Council.follow_up_on))).all()
    for council in due:
        council.prepared_for = council.follow_up_on
        notify([council.coordinator_id], "council_follow_up_prepare", link=f"/council/coordinate/{council.id}",
               about=about(council))
        notify([council.owner_id], "council_follow_up_soon", link=f"/council/{council.id}", about=about(council))
    db.session.commit()
    return len(lines), len(due)


def _forget_invitees(council):
    """Invitees' details go; the names on signed plans stay in the versions and the signatures."""
    for line in council.lines:
        if line.owner_kind == "invitee" and line.invitee is not None:
            line.who_name = line.invitee.name
    for invitee in list(council.invitees):
        council.invitees.remove(invitee)


def end_council(user, council_id):
    """She ends the council: nobody but her sees it any more; invitees' details are deleted."""
    council = require_owner(user, council_id)
    council.ended_at = utcnow()
    _forget_invitees(council)
    acted_on([uid for uid in (council.coordinator_id,) if uid], about(council))
    db.session.commit()


def delete_council(user, council_id):
    """She deletes the council and everything in it. Raises NotFound."""
    council = require_owner(user, council_id, running=False)
    if council is None:
        raise NotFound()
    db.session.delete(council)
    db.session.commit()
