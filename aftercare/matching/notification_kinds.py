"""The notifications the matching domain sends."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    Kind("match_quiet", "time_giver",
         _l("No meet-up has been logged in one of your matches for %(days)d days. Only you are told now; if "
            "nothing is logged in %(more_days)d more days, the coordinator will ask you how it is going.")),
)
