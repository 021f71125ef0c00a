"""The council's notifications: each to one person about their part, never with what anyone wrote."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    Kind("council_coordinator_asked", "network", _l("A main person asks you to coordinate her network council")),
    Kind("council_coordinator_released", "network", _l("A main person no longer needs you for her network council")),
    Kind("council_coordinator_accepted", "network", _l("Your council coordinator accepted the agreement")),
    Kind("council_coordinator_declined", "network", _l("Your council coordinator cannot coordinate your council: you can choose another")),
    Kind("council_coordinator_called_back", "network", _l("You are called back to the network council: the plan is ready to check")),
    Kind("council_statement_asked", "network", _l("A main person asks you for a statement for her network council")),
    Kind("council_statement_written", "network", _l("A professional wrote the statement you asked for: read it and decide")),
    Kind("council_statement_answered", "network", _l("The main person answered your statement for her network council")),
    Kind("council_invitee_answered", "network", _l("Someone invited to a network council answered")),
    Kind("council_plan_finished", "network", _l("A network council's plan is finished")),
    Kind("council_line_due", "network", _l("Today is the date set for a line of a network council plan that is yours")),
    Kind("council_follow_up_prepare", "network", _l("A network council's follow-up meeting is in two weeks: time to prepare")),
    Kind("council_follow_up_soon", "network", _l("The follow-up meeting of your network council is in two weeks")),
    Kind("council_follow_up_started", "network", _l("A follow-up meeting of a network council is being prepared")),
)
