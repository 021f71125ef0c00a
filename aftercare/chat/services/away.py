"""New messages while away: a member who has not read the group's chat for a while is told once per quiet
period, never once per message, and not again until they have been back in the chat."""
from datetime import timedelta

from sqlalchemy import select

from ...extensions import db
from ...notifications.services import acted_on, notify
from ...timeutil import utcnow
from ..models import PRESENCE_STALE, Channel, Message, Presence, ReadMarker

# A message waits this long unread, while the member is not in the chat, before they are told.
AWAY_AFTER = timedelta(minutes=30)

__all__ = ["AWAY_AFTER", "tell_members_away", "back_in_chat"]


def away_about(channel):
    return f"chat_away:{channel.id}"


def back_in_chat(user, channel):
    """The member read the chat: the "new messages" notice is done with. The caller commits."""
    acted_on([user.id], away_about(channel))


def _waiting_for(member_id, channel, since_seq, cutoff):
    """True when a visible message by someone else after `since_seq` has waited since before `cutoff`."""
    return db.session.scalar(select(Message.id).where(
        Message.channel_id == channel.id, Message.seq > since_seq, Message.created_at <= cutoff,
        Message.hidden_at.is_(None), Message.author_id.is_not(None), Message.author_id != member_id).limit(1)) \
        is not None


def tell_members_away(now=None):
    """The sweep: for each open group chat, tell each active member who is not in it and has had a message by
    someone else unread for AWAY_AFTER; at most once until they have read that far. Commits once; returns how
    many were told."""
    now = now or utcnow()
    cutoff = now - AWAY_AFTER
    channels = db.session.scalars(select(Channel).where(
        Channel.kind == "group", Channel.closed_at.is_(None), Channel.last_seq > 0).order_by(Channel.id)).all()
    told = 0
    for channel in channels:
        group = channel.group
        if group is None or group.is_closed:
            continue
        here = set(db.session.scalars(select(Presence.user_id).where(
            Presence.channel_id == channel.id, Presence.seen_at > now - PRESENCE_STALE)))
        markers = {marker.user_id: marker for marker in db.session.scalars(
            select(ReadMarker).where(ReadMarker.channel_id == channel.id))}
        for membership in group.active_memberships:
            member_id = membership.user_id
            marker = markers.get(member_id)
            if marker is None:
                marker = ReadMarker(channel_id=channel.id, user_id=member_id, last_read_seq=0, away_notified_seq=0)
            if member_id in here or marker.away_notified_seq > marker.last_read_seq:
                continue  # in the chat now, or already told and not back yet
            if not _waiting_for(member_id, channel, max(marker.last_read_seq, marker.away_notified_seq), cutoff):
                continue
            if marker.id is None:
                db.session.add(marker)
            marker.away_notified_seq = channel.last_seq
            notify([member_id], "chat_new_messages", link=f"/chat/{channel.id}", about=away_about(channel),
                   group=group.name)
            told += 1
    db.session.commit()
    return told
