"""The notifications the meetings domain sends: schedule changes, notices of absence, logs and guests."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    Kind("meeting_new", "meetings", _l("New meeting in %(group)s: %(when)s")),
    Kind("meeting_moved", "meetings", _l("A meeting in %(group)s has moved to %(when)s")),
    Kind("meeting_cancelled", "meetings", _l("The meeting in %(group)s on %(when)s is cancelled")),
    Kind("log_removal_requested", "group",
         _l("A member of %(group)s asks for a passage of a session log to be removed")),
    Kind("log_removal_removed", "group", _l("The passage you asked about is removed from the log of %(group)s")),
    Kind("log_removal_declined", "group",
         _l("Your request to remove a passage from the log of %(group)s was declined")),
    Kind("notice_given", "meetings",
         _l("%(name)s has given notice of absence for the meeting in %(group)s on %(when)s")),
    Kind("log_published", "group", _l("The session log from %(when)s is published in %(group)s")),
    Kind("guest_proposed", "group",
         _l("A guest professional is proposed for the meeting in %(group)s on %(when)s: the group decides")),
    Kind("guest_invited", "meetings", _l("You are invited as a guest to a meeting of %(group)s on %(when)s")),
    Kind("recorder_assigned", "group",
         _l("You are the recorder for the meeting in %(group)s on %(when)s: you write its log")),
    Kind("log_waiting", "group", _l("Your log of the meeting in %(group)s on %(when)s is waiting to be written")),
    Kind("meeting_reminder_day", "meetings", _l("Reminder: %(group)s meets tomorrow, %(when)s")),
    Kind("meeting_reminder_hour", "meetings", _l("Reminder: %(group)s meets in an hour, %(when)s")),
    Kind("feedback_open", "meetings",
         _l("How was the meeting in %(group)s on %(when)s? Two quick questions are open for two days")),
)
