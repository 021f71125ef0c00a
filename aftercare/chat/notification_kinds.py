"""The notifications the chat sends: reports to the group's leaders, and new messages while a member is away."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    Kind("message_reported", "group", _l("A member has reported a message in the chat of %(group)s")),
    Kind("chat_new_messages", "group", _l("New messages in your group %(group)s")),
)
