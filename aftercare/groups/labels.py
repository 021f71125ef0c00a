"""Translated names for group phases, kinds, votes and decisions."""
from flask_babel import lazy_gettext as _l

PHASE_LABELS = {"planning": _l("Planning"), "establishing": _l("Getting started"), "working": _l("Working"),
                "ending": _l("Ending"), "closed": _l("Closed")}
KIND_LABELS = {"self_help": _l("Self-help group"), "support": _l("Support group")}
CHOICE_LABELS = {"yes": _l("yes"), "no": _l("no"), "object": _l("objects")}
STATUS_LABELS = {"open": _l("Open"), "adopted": _l("Adopted"), "rejected": _l("Not adopted"),
                 "withdrawn": _l("Withdrawn")}


def _group_channel_id(group):
    """The group's chat channel id, looked up once per request however many links name it."""
    from flask import g

    from .services.overview import group_channel_ids

    known = g.setdefault("group_channel_ids", {})
    if group.id not in known:
        known.update(group_channel_ids([group]))
    return known[group.id]


def template_helpers():
    return {
        "phase_label": PHASE_LABELS.get,
        "kind_label": KIND_LABELS.get,
        "choice_label": CHOICE_LABELS.get,
        "status_label": STATUS_LABELS.get,
        "group_channel_id": _group_channel_id,
    }
