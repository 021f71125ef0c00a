"""The notifications the matching domain sends: applications, requests, proposals, matches and their check-ins."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    # Kept on the participant's or the time-giver's home page until they dismiss it.
    Kind("match_time_giver_left", "time_giver",
         _l("Your time-giver has left Aftercare, so your pairing has ended. This is not about you. You can ask "
            "for a new time-giver whenever you like."), sticky=True),
    Kind("match_participant_left", "time_giver",
         _l("The person you were paired with has left Aftercare, so your pairing has ended. Thank you for the "
            "time you gave."), sticky=True),
    Kind("match_quiet", "time_giver",
         _l("No meet-up has been logged in one of your pairings for %(days)d days. Only you are told now; if "
            "nothing is logged in %(more_days)d more days, the coordinator will ask you how it is going.")),
    # To coordinators.
    Kind("time_giver_applied", "time_giver", _l("A new volunteer has applied to be a time-giver")),
    Kind("time_giver_requested", "time_giver", _l("A participant has asked for a time-giver")),
    Kind("proposal_declined", "time_giver",
         _l("A suggestion you made was declined; the request is waiting for a new suggestion")),
    Kind("match_started_for_coordinator", "time_giver", _l("Both said yes to a suggestion you made: a pairing has started")),
    Kind("certificate_expiring_for_coordinator", "time_giver",
         _l("The police certificate of the time-giver %(name)s runs out soon")),
    # To the volunteer.
    Kind("application_approved", "time_giver",
         _l("Your application to be a time-giver is approved. Tell us when you are ready for a pairing")),
    Kind("application_declined", "time_giver",
         _l("Your application to be a time-giver was not approved. You can read why on your time-giver page")),
    Kind("participant_suggested", "time_giver",
         _l("A participant has said yes to meeting you. Give your answer to the suggestion")),
    Kind("certificate_expiring", "time_giver",
         _l("Your police certificate runs out soon. Show a coordinator a new one to keep being paired")),
    # To the participant.
    Kind("time_giver_proposed", "time_giver",
         _l("A coordinator has suggested a time-giver for you. Say yes or no")),
    Kind("time_giver_declined", "time_giver",
         _l("The time-giver who was suggested cannot take this on. Your request is waiting for a new suggestion")),
    # To the pair.
    Kind("match_started", "time_giver", _l("You have a time-giver now: say hello in your private chat")),
    Kind("match_ended", "time_giver", _l("%(name)s has ended your pairing")),
    Kind("match_check_in", "time_giver",
         _l("It is time for the check-in in your pairing: would you like to go on?")),
)
