"""Finding channels and describing them and their messages to a reader."""


from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ... import policy
from ...exceptions import NotFound
from ...extensions import db
from ...groups.models import Group, Membership
from ..models import Channel
from .guests import guest_visit

# What an access check needs, in one query: the group and its membership rows, not every member's account.
_FOR_ACCESS_CHECK = (joinedload(Channel.group).joinedload(Group.memberships).lazyload(Membership.user),)

# --- finding channels ---

def get_channel(user, channel_id):
    """The channel if the user may read it. Raises NotFound otherwise (existence is not disclosed)."""
    channel = db.session.get(Channel, channel_id, options=_FOR_ACCESS_CHECK) if isinstance(channel_id, int) else None
    if channel is None or not policy.can_read_channel(user, channel, guest_visit(user, channel)):
        raise NotFound()
    return channel


def channel_for_group(group):
    """The group's channel (created with the group: open_group_channel). Raises NotFound if it has none."""
    channel = db.session.scalar(select(Channel).where(Channel.group_id == group.id))
    if channel is None:
        raise NotFound()
    return channel


def channels_for_groups(groups):
    """{group id: its channel} for these groups, in one query."""
    ids = [group.id for group in groups]
    if not ids:
        return {}
    return {channel.group_id: channel for channel in db.session.scalars(select(Channel).where(Channel.group_id.in_(ids)))}


def open_group_channel(group):
    """Create a new group's channel, in the group's creating transaction (flushes only)."""
    channel = Channel(kind="group", group_id=group.id)
    db.session.add(channel)
    db.session.flush()
    return channel


def open_pair_channel(first, second):
    """A private channel for two people (a time-giver and a participant). Caller commits."""
    channel = Channel(kind="pair", pair_a_id=first.id, pair_b_id=second.id)
    db.session.add(channel)
    return channel


# What a person is told when posting is refused (policy.posting_refusal), the reason's own sentence.
_REFUSAL_TEXTS = {
    policy.PostingRefusal.GUEST_OUTSIDE_MEETING: _l(
        "You can write only while the meeting you were invited to is being held. You can still read what is "
        "written in it."),
    policy.PostingRefusal.CHANNEL_CLOSED: _l("This conversation has ended. You can still read it."),
    policy.PostingRefusal.GROUP_CLOSED: _l("The group has closed. You can still read its chat for a while."),
    policy.PostingRefusal.RULES_NOT_ACCEPTED: _l(
        "The group's rules have changed. Read and accept them before you post again."),
    policy.PostingRefusal.NOT_ALLOWED: _l("You cannot post here."),
    policy.PostingRefusal.PAUSED: _l("A leader has paused the chat. You can read, and post again when it opens."),
    policy.PostingRefusal.MUTED: _l("A leader has muted you for the rest of this meeting. You can still read."),
    policy.PostingRefusal.FLOOR_RULE: _l(
        "During the meeting only the person with the floor and the leaders write. Raise your hand to get the "
        "floor; you can still react."),
}


def refusal_text(refusal, facts=None):
    """The sentence for a refusal of policy.posting_refusal; slow mode's counts the seconds left in `facts`."""
    if refusal is policy.PostingRefusal.SLOW_MODE:
        return _l("Slow mode is on: you can post again in %(n)d seconds.", n=int(policy.slow_mode_wait(facts)) + 1)
    return _REFUSAL_TEXTS[refusal]


def why_cannot_post(user, channel, visit=None):
    """A sentence for a reader whose standing does not let them post (whatever the moment), or None when
    it does. `visit`: a guest's (guest_visit)."""
    visit = visit if visit is not None else guest_visit(user, channel)
    refusal = policy.posting_refusal(policy.PostingFacts.of(user, channel, visit))
    return None if refusal is None else refusal_text(refusal)


def channel_title(channel, viewer):
    if channel.kind == "group":
        return channel.group.name
    other_id = channel.pair_b_id if viewer.id == channel.pair_a_id else channel.pair_a_id
    from ...accounts.models import User

    other = db.session.get(User, other_id) if other_id else None
    return other.display_name if other else _l("Private chat")
