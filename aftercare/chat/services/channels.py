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


def why_cannot_post(user, channel, visit=None):
    """A sentence for a reader who may not post, or None when they may. `visit`: a guest's (guest_visit)."""
    visit = visit if visit is not None else guest_visit(user, channel)
    if policy.can_post_in_channel(user, channel, visit):
        return None
    if visit is not None and policy.is_guest_in_window(user, channel.group, visit):
        return _l("You can write only while the meeting you were invited to is being held. You can still "
                  "read what is written in it.")
    if channel.closed_at is not None:
        return _l("This conversation has ended. You can still read it.")
    if channel.kind == "group":
        if channel.group.is_closed:
            return _l("The group has closed. You can still read its chat for a while.")
        if not policy.has_accepted_rules(user, channel.group):
            return _l("The group's rules have changed. Read and accept them before you post again.")
    return _l("You cannot post here.")


def channel_title(channel, viewer):
    if channel.kind == "group":
        return channel.group.name
    other_id = channel.pair_b_id if viewer.id == channel.pair_a_id else channel.pair_a_id
    from ...accounts.models import User

    other = db.session.get(User, other_id) if other_id else None
    return other.display_name if other else _l("Private chat")
