"""The notifications the matching domain sends."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    # Kept on the participant's or the time-giver's home page until they dismiss it.
    Kind("match_time_giver_left", "time_giver",
         _l("Your time-giver has left Aftercare, so your match has ended. This is not about you. You can ask "
            "for a new time-giver whenever you like."), sticky=True),
    Kind("match_participant_left", "time_giver",
         _l("The person you were matched with has left Aftercare, so your match has ended. Thank you for the "
            "time you gave."), sticky=True),
    Kind("time_giver_proposed", "time_giver",
         _l("A coordinator has suggested a time-giver for you. See who it is and answer.")),
    Kind("match_quiet", "time_giver",
         _l("No meet-up has been logged in one of your matches for %(days)d days. Only you are told now; if "
            "nothing is logged in %(more_days)d more days, the coordinator will ask you how it is going.")),
)
