"""Reading, catching up after a reconnect, read markers and unread counts."""


from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from ... import policy
from ...exceptions import NotFound, ValidationFailed
from ...accounts.models import User
from ...extensions import db
from ..models import Channel, Message, ReadMarker
from .guests import guest_visit

PAGE = 200


def readable_by(user, channel):
    """The visit facts for a reader of the channel (None for a member or one of a pair). Raises NotFound
    when they may not read it."""
    visit = guest_visit(user, channel)
    if not policy.can_read_channel(user, channel, visit):
        raise NotFound()
    return visit


def may_see_message(user, visit, message):
    """Whether a reader who may read the channel sees this message: members all of it, a guest their
    meeting's only."""
    return visit is None or policy.can_read_as_guest(user, visit, message)


# What a message view reads, loaded with the messages: their reactions, and each author's roles (for the
# guest label), so that showing a page of history costs the same few queries however long it is.
_FOR_VIEW = (selectinload(Message.reactions), joinedload(Message.author).selectinload(User.role_rows))


def _readable(channel, visit):
    query = select(Message).options(*_FOR_VIEW).where(Message.channel_id == channel.id)
    return query if visit is None else query.where(Message.meeting_id == visit.meeting.id)


def history_after(channel, visit, after_seq, limit=PAGE):
    """A reader's messages with seq > after_seq, oldest first, at most `limit` (access already checked:
    `visit` is the reader's guest visit or None)."""
    after_seq = max(int(after_seq or 0), 0)
    limit = max(1, min(int(limit or PAGE), PAGE))
    return db.session.scalars(_readable(channel, visit).where(Message.seq > after_seq)
                              .order_by(Message.seq).limit(limit)).all()


def history_before_end(channel, visit, limit):
    """A reader's newest `limit` messages, oldest first (access already checked)."""
    rows = db.session.scalars(_readable(channel, visit).order_by(Message.seq.desc()).limit(limit)).all()
    return list(reversed(rows))


# --- reading and catching up ---

def messages_after(user, channel, after_seq=0, limit=PAGE):
    """Messages with seq > after_seq, oldest first, at most `limit`. Raises NotFound."""
    return history_after(channel, readable_by(user, channel), after_seq, limit)


def messages_between(user, channel, from_seq, to_seq):
    """A missing range [from_seq, to_seq], for a client that saw a gap. Raises NotFound, ValidationFailed."""
    from_seq, to_seq = int(from_seq), int(to_seq)
    if from_seq < 1 or to_seq < from_seq or to_seq - from_seq >= PAGE:
        raise ValidationFailed(_l("Ask for at most %(n)d messages at a time.", n=PAGE))
    return [m for m in messages_after(user, channel, from_seq - 1, PAGE) if m.seq <= to_seq]


def recent_messages(user, channel, limit=50):
    """The newest messages, oldest first, for opening a channel. Raises NotFound."""
    return history_before_end(channel, readable_by(user, channel), limit)


def advance_marker(user, channel, seq):
    """Move the user's read marker forward to `seq` (never back). Caller commits."""
    marker = db.session.scalar(select(ReadMarker).where(ReadMarker.channel_id == channel.id,
                                                        ReadMarker.user_id == user.id))
    if marker is None:
        try:
            with db.session.begin_nested():
                db.session.add(ReadMarker(channel_id=channel.id, user_id=user.id, last_read_seq=seq))
            return
        except IntegrityError:  # another socket of the same person created it at the same moment
            marker = db.session.scalar(select(ReadMarker).where(ReadMarker.channel_id == channel.id,
                                                                ReadMarker.user_id == user.id))
    if marker.last_read_seq < seq:
        marker.last_read_seq = seq


def mark_read(user, channel, seq):
    """Remember that the user has read up to `seq`. Raises NotFound."""
    readable_by(user, channel)
    advance_marker(user, channel, min(int(seq), channel.last_seq))
    from .away import back_in_chat

    try:
        back_in_chat(user, channel)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def unread_counts(user, channels):
    """{channel_id: number of messages by others after the user's read marker}."""
    ids = [c.id for c in channels]
    if not ids:
        return {}
    markers = dict(db.session.execute(select(ReadMarker.channel_id, ReadMarker.last_read_seq).where(
        ReadMarker.user_id == user.id, ReadMarker.channel_id.in_(ids))).all())
    counts = {}
    for channel_id in ids:
        counts[channel_id] = db.session.scalar(select(func.count()).select_from(Message).where(
            Message.channel_id == channel_id, Message.seq > markers.get(channel_id, 0),
            Message.author_id.is_distinct_from(user.id), Message.hidden_at.is_(None)))
    return counts


def author_label(user, channel):
    """"guest_professional" for a guest professional in a group channel (members see them marked as such
    wherever their name appears), else None."""
    if channel is not None and channel.kind == "group" and policy.is_guest_professional_in(user, channel.group):
        return "guest_professional"
    return None


def message_view(message, viewer, channel=None):
    """What a reader sees of a message: plain data for JSON. Hidden text goes only to its author.
    `channel`: the message's channel, when the caller has it loaded."""
    hidden = message.hidden_at is not None
    own = viewer is not None and message.author_id == viewer.id
    reactions = {}
    mine = set()
    for reaction in message.reactions:
        reactions[reaction.kind] = reactions.get(reaction.kind, 0) + 1
        if viewer is not None and reaction.user_id == viewer.id:
            mine.add(reaction.kind)
    return message_payload(
        id=message.id, channel_id=message.channel_id, seq=message.seq,
        client_id=message.client_id if own else None,
        author=message.author.display_name if message.author else None, author_id=message.author_id,
        # A code, not a sentence: the same view goes to readers in either language, each page says it.
        author_label=author_label(message.author, channel if channel is not None
                                  else db.session.get(Channel, message.channel_id)),
        own=own, body=None if hidden and not own else message.body, hidden=hidden,
        hidden_reason=message.hidden_reason if hidden and own else None, created_at=message.created_at,
        meeting_id=message.meeting_id, reactions=reactions, my_reactions=sorted(mine))


def message_payload(*, id, channel_id, seq, author, author_id, body, created_at, meeting_id, client_id=None,
                    author_label=None, own=False, hidden=False, hidden_reason=None, reactions=None,
                    my_reactions=()):
    """The one shape of a message as sent to a reader (message_view, and the send's fast lane for a new
    message with no reactions yet)."""
    return {
        "id": id, "channel_id": channel_id, "seq": seq, "client_id": client_id, "author": author,
        "author_id": author_id, "author_label": author_label, "own": own, "body": body, "hidden": hidden,
        "hidden_reason": hidden_reason, "created_at": created_at.isoformat(), "meeting_id": meeting_id,
        "reactions": dict(reactions or {}), "my_reactions": list(my_reactions),
    }
