"""The council's words for its codes, in the reader's language."""
from flask_babel import lazy_gettext as _l

KINDS = {
    "council": _l("Network council (the professionals leave before the private part)"),
    "network_meeting": _l("Network meeting (the professionals stay throughout)"),
}
PHASES = {
    "preparing": _l("Preparing"),
    "information": _l("Part 1: information"),
    "plan": _l("Part 2: the plan"),
    "decision": _l("Part 3: checking and signing"),
    "following_up": _l("Following up"),
}
ANSWERS = {"yes": _l("Yes, I will come"), "no": _l("No, I cannot come"), "unsure": _l("Not sure yet")}
INVITEE_ROLES = {"chair": _l("Chair"), "minutes": _l("Minute-taker")}
STATEMENT_STATES = {
    "asked": _l("Asked, not written yet"),
    "written": _l("Written: waiting for your decision"),
    "changes": _l("You asked for changes"),
    "approved": _l("Approved: it will be used"),
    "rejected": _l("Rejected: it will not be used"),
}
LINE_MARKS = {"done": _l("Done"), "need_help": _l("I need help"), "cant": _l("I can't")}
UNMARKED = _l("Not marked")
EXPORT_TITLE = _l("Network councils")
