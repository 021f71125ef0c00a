"""The person's own tools: network map, aftercare plan and "when it gets hard"."""
from .roles import is_participant, is_signed_in

# --- network map and aftercare plan ---
# Owned by the person alone: no coordinator, time-giver, professional or admin sees any of it, and the
# pages of one person answer 404 to everyone else (their existence is not disclosed).

def can_keep_network_tools(user):
    """Participants keep a map and a plan of their own."""
    return is_participant(user)


def can_use_network_item(user, item):
    """An entry, snapshot, plan area, step or plan version (also a step's helper from the map): its owner
    only, while she keeps the tools."""
    return (is_signed_in(user) and can_keep_network_tools(user) and item is not None
            and item.owner_id is not None and item.owner_id == user.id)
