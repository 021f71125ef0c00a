"""Translated names for group phases, kinds, votes and decisions."""
from flask_babel import lazy_gettext as _l

PHASE_LABELS = {"planning": _l("Planning"), "establishing": _l("Getting started"), "working": _l("Working"),
                "ending": _l("Ending"), "closed": _l("Closed")}
KIND_LABELS = {"self_help": _l("Self-help group"), "support": _l("Support group")}
CHOICE_LABELS = {"yes": _l("yes"), "no": _l("no"), "object": _l("objects")}
STATUS_LABELS = {"open": _l("Open"), "adopted": _l("Adopted"), "rejected": _l("Not adopted"),
                 "withdrawn": _l("Withdrawn")}


def template_helpers():
    from ..chat.services import channel_for_group

    return {
        "phase_label": PHASE_LABELS.get,
        "kind_label": KIND_LABELS.get,
        "choice_label": CHOICE_LABELS.get,
        "status_label": STATUS_LABELS.get,
        "group_channel_id": lambda group: channel_for_group(group).id,
    }
