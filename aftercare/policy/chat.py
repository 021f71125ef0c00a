"""Chat channels (group and pair)."""
import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from .groups import can_moderate_group_chat, can_read_group_chat, may_be_group_member
from .guests import is_guest_in_window, posts_belong_to
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


# --- posting: one rule (posting_refusal), on facts the services load ---

class PostingRefusal(str, enum.Enum):
    """Why posting is refused; the chat services word each one for the person (channels.refusal_text)."""

    GUEST_OUTSIDE_MEETING = "guest_outside_meeting"  # a guest in their window, while posts are not their meeting's
    CHANNEL_CLOSED = "channel_closed"
    GROUP_CLOSED = "group_closed"
    RULES_NOT_ACCEPTED = "rules_not_accepted"
    NOT_ALLOWED = "not_allowed"
    PAUSED = "paused"
    MUTED = "muted"
    FLOOR_RULE = "floor_rule"
    SLOW_MODE = "slow_mode"


@dataclass(frozen=True)
class PostingMoment:
    """What may stand in the way of posting at one moment, whoever one is: the channel's pause and slow
    mode, the group's floor rule and the live meeting, a leader's mute, the person's last post here."""

    now: datetime
    paused: bool = False
    muted: bool = False  # a mute of this person in this channel runs at `now`
    floor_only_in_meetings: bool = False  # the group's floor rule (group channels)
    live_open: bool = False  # a live meeting is open in the channel
    has_floor: bool = False  # this person has the floor in it
    slow_mode_seconds: int = 0
    last_post_at: Optional[datetime] = None  # this person's newest message in the channel (read with slow mode on)


@dataclass(frozen=True)
class PostingFacts:
    """What posting_refusal decides on, for one person in one channel: who they are there (`signed_in`: an
    enabled account with a live login) and, in `moment`, what stands in the way now (None: their standing
    alone, whatever the moment). The membership is the person's row in any status, whatever their kinds
    (None: no row); `may_be_member` is may_be_group_member (a row counts only for such a person). The
    guest facts come from a guest's visit, which only the full path loads."""

    kind: str
    signed_in: bool
    channel_closed: bool
    in_pair: bool = False
    group_closed: bool = False
    rules_version: int = 1
    membership_status: Optional[str] = None
    membership_role: Optional[str] = None
    accepted_rules_version: Optional[int] = None
    may_be_member: bool = False
    guest_in_window: bool = False  # policy.is_guest_in_window on the visit
    guest_posts_belong: bool = False  # what is posted now belongs to the guest's meeting (posts_belong_to)
    moment: Optional[PostingMoment] = None

    @classmethod
    def of(cls, user, channel, guest=None, moment=None):
        """The facts from the loaded objects: the user, the channel with its group and membership rows (no
        query when they are loaded), a guest's visit (`guest`, see guests.py) and the moment, if given.
        None without a channel."""
        if channel is None:
            return None
        signed_in = is_signed_in(user)
        if channel.kind == "pair":
            return cls(kind="pair", signed_in=signed_in, channel_closed=channel.closed_at is not None,
                       in_pair=_in_pair(user, channel), moment=moment)
        group = channel.group
        membership = group.membership_of(user.id) if signed_in and group is not None else None
        in_window = guest is not None and is_guest_in_window(user, group, guest)
        return cls(kind=channel.kind, signed_in=signed_in, channel_closed=channel.closed_at is not None,
                   group_closed=group is not None and group.is_closed,
                   rules_version=group.rules_version if group is not None else 1,
                   membership_status=getattr(membership, "status", None),
                   membership_role=getattr(membership, "role", None),
                   accepted_rules_version=getattr(membership, "accepted_rules_version", None),
                   may_be_member=may_be_group_member(user), guest_in_window=in_window,
                   guest_posts_belong=in_window and posts_belong_to(guest.meeting.id, guest.meeting_now_id),
                   moment=moment)


def slow_mode_wait(facts):
    """Seconds until slow mode lets this person post again in the channel (0: it does not hold them)."""
    moment = facts.moment if facts is not None else None
    if moment is None or not moment.slow_mode_seconds or moment.last_post_at is None:
        return 0
    return max(0.0, moment.slow_mode_seconds - (moment.now - moment.last_post_at).total_seconds())


def posting_refusal(facts):
    """May this person post in this channel now: None when they may, else why not (a PostingRefusal).

    The one rule for posting, on the facts a service loaded (PostingFacts): the socket's fast lane and the
    full path both ask it. Standing first: one of a pair channel's two people; in a group channel an active
    member (of an open group, the current rules accepted), or a guest writing into their own meeting; never
    in a closed channel. Then the moment, when given: a pause (leaders write on), a mute, the floor rule
    while a meeting is live (the floor holder and the leaders write), slow mode (leaders are not held).
    Reading is another rule (can_read_channel); a closed group's reading time never lets anyone post.
    facts None (nothing known): NOT_ALLOWED."""
    if facts is None:
        return PostingRefusal.NOT_ALLOWED
    group = facts.kind == "group"
    counted = facts.signed_in and facts.may_be_member and facts.membership_status is not None
    accepted = counted and facts.accepted_rules_version >= facts.rules_version
    active = counted and facts.membership_status == "active"
    if group:
        standing = ((active and not facts.group_closed and accepted)
                    or (facts.membership_status is None and facts.guest_in_window and facts.guest_posts_belong))
    else:
        standing = facts.kind == "pair" and facts.signed_in and facts.in_pair
    if facts.channel_closed or not standing:
        if facts.guest_in_window:
            return PostingRefusal.GUEST_OUTSIDE_MEETING
        if facts.channel_closed:
            return PostingRefusal.CHANNEL_CLOSED
        if group and facts.group_closed:
            return PostingRefusal.GROUP_CLOSED
        if group and not accepted:
            return PostingRefusal.RULES_NOT_ACCEPTED
        return PostingRefusal.NOT_ALLOWED
    moment = facts.moment
    if moment is None:
        return None
    # Past the standing, a group's poster is a member of the open group or a guest: its leaders moderate.
    leader = group and active and facts.membership_role == "leader"
    if moment.paused and not leader:
        return PostingRefusal.PAUSED
    if moment.muted:
        return PostingRefusal.MUTED
    if group and moment.floor_only_in_meetings and moment.live_open and not (leader or moment.has_floor):
        return PostingRefusal.FLOOR_RULE
    if not leader and slow_mode_wait(facts) > 0:
        return PostingRefusal.SLOW_MODE
    return None


def can_post_in_channel(user, channel, guest=None):
    """The person's standing to post (posting_refusal, whatever the moment): what the page's composer and
    raising a hand go by."""
    return channel is not None and posting_refusal(PostingFacts.of(user, channel, guest)) is None


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
