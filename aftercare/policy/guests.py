"""Guest professionals: one meeting of one group, for that meeting's time only."""
from datetime import timedelta

from .roles import has_professional_powers

# --- guests ---
# The rules decide on a visit: the facts the service loaded for one professional at one moment (see
# meetings.services.guests.GuestVisit): the meeting the group adopted them for, that moment, and (in the
# chat) the meeting a message posted at that moment belongs to.

GUEST_EARLY = timedelta(minutes=15)


def is_guest_professional_in(user, group):
    """A verified professional who is not an active member of the group: in its chat, agenda or log they
    are there only as a guest, and members are told so wherever their name appears (duty to report)."""
    if user is None or group is None or not has_professional_powers(user):
        return False
    membership = group.membership_of(user.id)
    return membership is None or membership.status != "active"


def guest_window(meeting):
    """(start, end): a guest is let in from 15 minutes before their meeting's start to its end."""
    return meeting.starts_at - GUEST_EARLY, meeting.ends_at


def is_guest_in_window(user, group, visit):
    """A verified professional whom this group adopted as a guest for a meeting that is not cancelled,
    at a moment inside that meeting's window."""
    if visit is None or group is None or not has_professional_powers(user) or visit.professional_id != user.id:
        return False
    meeting = visit.meeting
    if meeting is None or meeting.group_id != group.id or meeting.is_cancelled:
        return False
    start, end = guest_window(meeting)
    return start <= visit.now < end


def is_guest_of_meeting(user, meeting, visit):
    """The guest of this very meeting, inside its window (its agenda page)."""
    return (meeting is not None and visit is not None and visit.meeting is not None
            and visit.meeting.id == meeting.id and is_guest_in_window(user, meeting.group, visit))


def posts_belong_to(meeting_id, meeting_now_id):
    """What is posted now (in the meeting `meeting_now_id`, see chat.services.guests.meeting_now) belongs
    to that meeting."""
    return meeting_id is not None and meeting_now_id == meeting_id


def can_post_as_guest(user, group, visit):
    """A guest writes only into their own meeting: inside its window, while what is posted belongs to it
    (its live session is open, or, with none open, its window alone holds the moment). Not while another
    meeting's live session is open, nor after their meeting's live session has closed."""
    return is_guest_in_window(user, group, visit) and posts_belong_to(visit.meeting.id, visit.meeting_now_id)


def can_read_as_guest(user, visit, message):
    """A guest reads a message only when it belongs to their meeting (Message.meeting_id)."""
    return (visit is not None and visit.meeting is not None and message is not None
            and getattr(user, "id", None) == visit.professional_id and message.meeting_id is not None
            and message.meeting_id == visit.meeting.id)
