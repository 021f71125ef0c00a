"""Meetings."""
from .groups import can_manage_group, can_post, can_view_group, is_group_leader
from .roles import has_professional_powers, is_person

# --- meetings ---
# Everything about a group's meetings is for its members (leaders schedule and record); the
# coordinator and admins see none of it, like the rest of the group's content.

def can_view_meetings(user, group):
    return can_view_group(user, group)


def can_schedule_meetings(user, group):
    return can_manage_group(user, group)


def can_choose_attendance_recording(user, group):
    """Leaders decide whether the group records attendance at all (off unless the group chose it)."""
    return can_manage_group(user, group)


def can_record_attendance(user, group):
    """Leaders, and only in a group that chose to record attendance."""
    return bool(group.records_attendance) and can_manage_group(user, group)


def can_see_attendance_record(user, attendance, group):
    """The member her own record, and the leaders; nobody else, and nothing when the group does not record."""
    if not group.records_attendance or not can_view_group(user, group):
        return False
    return is_person(user, attendance.user_id) or is_group_leader(user, group)


def can_propose_agenda_item(user, meeting):
    """Any member who takes part may propose topics, until the meeting ends; never on a cancelled one."""
    return can_post(user, meeting.group) and not meeting.is_cancelled and not meeting.is_over()


def can_vote_agenda_item(user, meeting):
    return can_propose_agenda_item(user, meeting)


def can_order_agenda(user, meeting):
    return can_manage_group(user, meeting.group) and not meeting.is_cancelled


def can_give_notice(user, meeting):
    """Notice of absence or an RSVP: members, on meetings that are not cancelled and not over."""
    return can_post(user, meeting.group) and not meeting.is_cancelled and not meeting.is_over()


def can_see_absence_reason(user, attendance, group):
    """The member who gave notice and the group's leaders; everyone else sees only that notice was given."""
    return is_person(user, attendance.user_id) or is_group_leader(user, group)


def can_write_log(user, meeting, log):
    """The recorder the leader picked, and the group's leaders."""
    group = meeting.group
    if not can_view_group(user, group) or group.is_closed:
        return False
    return is_group_leader(user, group) or (log is not None and is_person(user, log.recorder_id)
                                            and can_post(user, group))


def can_assign_recorder(user, meeting):
    return can_manage_group(user, meeting.group) and not meeting.is_cancelled


def can_request_removal(user, group):
    return can_post(user, group)


def can_give_feedback(user, meeting, now=None):
    """Members, from the meeting's start until feedback closes; never on a cancelled one."""
    return (can_post(user, meeting.group) and not meeting.is_cancelled and meeting.has_started(now)
            and not meeting.feedback_closed(now))


def can_see_feedback(user, group):
    return is_group_leader(user, group)


def can_propose_guest(user, meeting, now=None):
    return can_post(user, meeting.group) and not meeting.is_cancelled and not meeting.has_started(now)


def can_see_guest_invitations(user):
    return has_professional_powers(user)
