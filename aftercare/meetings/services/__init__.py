"""Meeting services: scheduling, agenda and attendance, calendar feeds, logs, feedback, guests."""
from .agenda import agenda, order_agenda, propose_item, toggle_vote  # noqa: F401
from .attendance import (attendance_rows, give_notice, my_attendance, purge_old_attendance,  # noqa: F401
                         record_attendance, rsvp, set_attendance_recording)
from .calendar import feed_meetings, feed_user, has_feed, ics_for, renew_feed, revoke_feed  # noqa: F401
from .feedback import MIN_ANSWERS, feedback_overview, give_feedback, has_given_feedback  # noqa: F401
from .guests import (GuestVisit, adopted_guests, adopted_meetings_in_window, guest_invitations,  # noqa: F401
                     guest_meeting, guest_meeting_in_window, guest_visit, in_window, my_guest_invitations,
                     note_guest_presence, propose_guest, settle_due_guests, settle_guests, vote_guest,
                     window)
from .logs import (NameCheck, assign_recorder, check_names, decide_removal, log_of, name_passages,  # noqa: F401
                   name_warnings, names_in_log, publish_log, readable_version, removal_requests,
                   request_removal, save_log, why_no_log_yet)
from .reminders import send_meeting_reminders  # noqa: F401
from .scheduling import (HORIZON_WEEKS, cancel_meeting, get_meeting, local_time, move_meeting,  # noqa: F401
                         meeting_around, next_meeting, occurrences, past_meetings, schedule,
                         upcoming_meetings)
