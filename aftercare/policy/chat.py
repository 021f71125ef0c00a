"""Chat channels (group and pair)."""
from .groups import can_moderate_group_chat, can_post_in_group_chat, can_read_group_chat
from .roles import is_signed_in

# --- chat ---

def _in_pair(user, channel):
    return is_signed_in(user) and user.id in (channel.pair_a_id, channel.pair_b_id)


def can_read_channel(user, channel):
    """Group channel: what the group's rules say (members; a guest inside their window).
    Pair channel: its two people only."""
    if channel is None or not is_signed_in(user):
        return False
    if channel.kind == "pair":
        return _in_pair(user, channel)
    return can_read_group_chat(user, channel.group)


def can_post_in_channel(user, channel):
    if not can_read_channel(user, channel) or channel.closed_at is not None:
        return False
    if channel.kind == "pair":
        return True
    return can_post_in_group_chat(user, channel.group)


def can_react_in_channel(user, channel):
    return can_read_channel(user, channel) and channel.closed_at is None


def can_report_in_channel(user, channel):
    return channel.kind == "group" and can_read_channel(user, channel)


def can_moderate_channel(user, channel):
    """The group's own leaders moderate its chat; nobody moderates a private pair channel."""
    return channel.kind == "group" and can_moderate_group_chat(user, channel.group)
