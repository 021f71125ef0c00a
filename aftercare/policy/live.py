"""Live meetings in the chat."""
from .chat import can_post_in_channel
from .groups import is_group_leader

# --- live meetings in the chat ---

def is_group_leader_id(user_id, group):
    membership = group.membership_of(user_id) if group is not None and user_id is not None else None
    return membership is not None and membership.is_leader


def can_take_part_in_live(user, channel, guest=None):
    """Raising a hand is taking part: the same as posting in the group's chat."""
    return channel.kind == "group" and can_post_in_channel(user, channel, guest)


def may_write_during_live(user, channel, live):
    """With the group's floor rule on, only the person with the floor and the leaders write while a
    meeting is live; everyone can still react."""
    if live is None or channel.kind != "group" or not channel.group.floor_only_in_meetings:
        return True
    return is_group_leader(user, channel.group) or live.floor_user_id == user.id
