"""What meetings add to other areas: sections of a person's data export, and the guest invitations
on a professional's own page."""
from sqlalchemy import select

from ..extensions import db
from ..exports import register_section, row
from ..referrals import home


def _meetings_export(user):
    from .models import AgendaItem, AgendaVote, Attendance, FeedbackGiven, RemovalRequest

    def rows(query):
        return [row(item) for item in db.session.scalars(query)]

    return {
        "agenda_topics_proposed": rows(select(AgendaItem).where(AgendaItem.proposed_by_id == user.id)),
        "agenda_votes": rows(select(AgendaVote).where(AgendaVote.user_id == user.id)),
        "attendance_and_notices_of_absence": [_attendance(item) for item in db.session.scalars(
            select(Attendance).where(Attendance.user_id == user.id))],
        # Feedback answers are stored without the person, so only the fact of answering is theirs.
        "feedback_given_for_meetings": [r.meeting_id for r in db.session.scalars(
            select(FeedbackGiven).where(FeedbackGiven.user_id == user.id))],
        "log_removal_requests": rows(select(RemovalRequest).where(RemovalRequest.user_id == user.id)),
    }


def _attendance(item):
    """A row with the meeting it is about, so that "absent" or "late" is readable without ids."""
    from .models import Meeting

    meeting = db.session.get(Meeting, item.meeting_id)
    return {**row(item), "group_name": meeting.group.name, "when": meeting.starts_at.isoformat()}


def _guest_section(user):
    from .. import policy
    from .services import in_window, my_guest_invitations
    from .services.guests import guest_code

    if not policy.can_see_guest_invitations(user):
        return None
    return {"template": "meetings/_guest_section.html", "invitations": my_guest_invitations(user)[:10],
            "in_window": in_window, "code": guest_code(user)}


register_section("meetings", _meetings_export)
home.register_section(_guest_section)
