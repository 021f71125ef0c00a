"""Meeting services: scheduling, agenda and attendance, calendar feeds."""
from .agenda import agenda, order_agenda, propose_item, toggle_vote  # noqa: F401
from .attendance import attendance_rows, give_notice, my_attendance, record_attendance, rsvp  # noqa: F401
from .calendar import feed_meetings, feed_user, has_feed, ics_for, renew_feed, revoke_feed  # noqa: F401
from .scheduling import (HORIZON_WEEKS, cancel_meeting, get_meeting, local_time, move_meeting,  # noqa: F401
                         occurrences, past_meetings, schedule, upcoming_meetings)
