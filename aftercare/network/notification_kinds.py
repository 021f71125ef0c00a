"""The notifications of the person's own tools: only ever to her, and never with what she wrote."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    Kind("plan_step_due", "network", _l("Today is the date you set for a step in your aftercare plan")),
)
