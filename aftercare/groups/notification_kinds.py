"""The notifications the groups domain sends."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    Kind("group_no_leader", "group", _l("%(group)s has no leader any more: its only leader deleted their account")),
)
