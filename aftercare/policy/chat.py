"""Chat channels (group and pair)."""
from datetime import timedelta

from .groups import can_moderate_group_chat, can_post_in_group_chat, can_read_group_chat
from .roles import is_signed_in

# --- chat ---

def _in_pair(user, channel):
    return is_signed_in(user) and user.id in (channel.pair_a_id, channel.pair_b_id)


def can_read_channel(user, channel, guest=None):
    """Group channel: what the group's rules say (members; a guest inside their meeting's window, on the
    facts of their visit, `guest`). Pair channel: its two people only."""
    if channel is None or not is_signed_in(user):
        return False
    if channel.kind == "pair":
        return _in_pair(user, channel)
    return can_read_group_chat(user, channel.group, guest)


def can_post_in_channel(user, channel, guest=None):
    if not can_read_channel(user, channel, guest) or channel.closed_at is not None:
        return False
    if channel.kind == "pair":
        return True
    return can_post_in_group_chat(user, channel.group, guest)


def can_react_in_channel(user, channel, guest=None):
    return can_read_channel(user, channel, guest) and channel.closed_at is None


def can_report_in_channel(user, channel, guest=None):
    return channel.kind == "group" and can_read_channel(user, channel, guest)


def can_moderate_channel(user, channel):
    """The group's own leaders moderate its chat; nobody moderates a private pair channel."""
    return channel.kind == "group" and can_moderate_group_chat(user, channel.group)


def read_access_lasts(facts):
    """True when a socket's reading cannot end with time alone: an enabled account that is one of a pair
    channel's two people, or an active member of a group that is not closed. Such access ends only by
    leaving or removal (which eject at once) or by the group closing or the account being disabled (after
    which this says False). `facts` has user_id, is_disabled, kind, pair_a_id, pair_b_id, phase and
    membership_status; a missing value (None) never counts as lasting."""
    if facts is None or facts.is_disabled is not False:
        return False
    if facts.kind == "pair":
        return facts.user_id in (facts.pair_a_id, facts.pair_b_id)
    return facts.kind == "group" and facts.membership_status == "active" and facts.phase not in (None, "closed")


def may_post_on_facts(facts, now, idle_minutes):
    """The socket's send path asks this first, with one row of facts read in one query (see
    chat.services.posting_facts). True only when the facts alone show that every rule for posting
    lets the person post now: a live, non-idle login; lasting access (read_access_lasts); an open
    channel that is not paused and has no slow mode; in a group channel, the current rules accepted,
    no floor rule and no mute running. False means "not shown here": the full checks
    (can_post_in_channel and the rest, guests included) then decide and explain."""
    if facts is None or facts.last_seen_at is None or now - facts.last_seen_at > timedelta(minutes=idle_minutes):
        return False
    if not read_access_lasts(facts):
        return False
    if facts.channel_closed_at is not None or facts.paused or facts.slow_mode_seconds:
        return False
    if facts.kind == "pair":
        return True
    return (not facts.floor_only_in_meetings and facts.accepted_rules_version is not None
            and facts.accepted_rules_version >= facts.rules_version and not facts.muted)
