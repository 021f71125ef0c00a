"""Chat services: posting (persist first, numbered, never doubled), catching up, reading, moderation.

HTTP views, socket handlers and CLI commands all go through these functions.
"""
import re
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..exceptions import NotFound, PermissionDenied, ValidationFailed
from ..extensions import db
from ..timeutil import utcnow
from .models import MAX_BODY, REACTIONS, Channel, Message, Mute, Presence, Reaction, ReadMarker, Report

CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Control characters other than newline and tab are refused: plain text only.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
PAGE = 200
PRESENCE_STALE = timedelta(minutes=3)


# --- finding channels ---

def get_channel(user, channel_id):
    """The channel if the user may read it. Raises NotFound otherwise (existence is not disclosed)."""
    channel = db.session.get(Channel, channel_id) if isinstance(channel_id, int) else None
    if channel is None or not policy.can_read_channel(user, channel):
        raise NotFound()
    return channel


def channel_for_group(group):
    """The group's channel, created on first use."""
    channel = db.session.scalar(select(Channel).where(Channel.group_id == group.id))
    if channel is None:
        channel = Channel(kind="group", group_id=group.id)
        db.session.add(channel)
        try:
            db.session.commit()
        except IntegrityError:  # created by a parallel request
            db.session.rollback()
            channel = db.session.scalar(select(Channel).where(Channel.group_id == group.id))
    return channel


def open_pair_channel(first, second):
    """A private channel for two people (a time-giver and a participant). Caller commits."""
    channel = Channel(kind="pair", pair_a_id=first.id, pair_b_id=second.id)
    db.session.add(channel)
    return channel


# --- posting ---

def clean_body(body):
    if not isinstance(body, str):
        raise ValidationFailed(_l("A message is text."), field="body")
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationFailed(_l("Write something before sending."), field="body")
    if len(body) > MAX_BODY:
        raise ValidationFailed(_l("A message can be at most %(n)d characters.", n=MAX_BODY), field="body")
    if CONTROL_RE.search(body):
        raise ValidationFailed(_l("The message contains characters that cannot be shown."), field="body")
    return body


def _active_mute(user, channel, now):
    return db.session.scalar(select(Mute).where(Mute.channel_id == channel.id, Mute.user_id == user.id,
                                                Mute.until > now).limit(1))


def post_message(user, channel, *, client_id, body, now=None):
    """Store a message and return (message, created). A repeated client_id returns the stored one.

    The message is committed before this returns, so it can be broadcast safely afterwards.
    Raises NotFound (cannot read), PermissionDenied (may read but not post now), ValidationFailed.
    """
    now = now or utcnow()
    if not policy.can_read_channel(user, channel):
        raise NotFound()
    if not isinstance(client_id, str) or not CLIENT_ID_RE.match(client_id):
        raise ValidationFailed(_l("The message has no valid id; reload the page."), field="client_id")
    existing = db.session.scalar(select(Message).where(Message.author_id == user.id,
                                                       Message.client_id == client_id))
    if existing is not None:
        if existing.channel_id != channel.id:
            raise ValidationFailed(_l("The message has no valid id; reload the page."), field="client_id")
        return existing, False
    body = clean_body(body)
    _check_may_post(user, channel, now)

    seq = db.session.execute(
        update(Channel).where(Channel.id == channel.id).values(last_seq=Channel.last_seq + 1)
        .returning(Channel.last_seq)).scalar_one()
    message = Message(channel_id=channel.id, seq=seq, author_id=user.id, client_id=client_id, body=body,
                      created_at=now)
    db.session.add(message)
    try:
        db.session.flush()
        _advance_marker(user, channel, seq)
        db.session.commit()
    except IntegrityError:
        # The same resend arrived twice at once: the first one won, return it.
        db.session.rollback()
        existing = db.session.scalar(select(Message).where(Message.author_id == user.id,
                                                           Message.client_id == client_id))
        if existing is None:
            raise
        return existing, False
    return message, True


def _check_may_post(user, channel, now):
    if not policy.can_post_in_channel(user, channel):
        raise PermissionDenied(why_cannot_post(user, channel) or _l("You cannot post here."))
    moderator = policy.can_moderate_channel(user, channel)
    if channel.paused and not moderator:
        raise PermissionDenied(_l("A leader has paused the chat. You can read, and post again when it opens."))
    if _active_mute(user, channel, now) is not None:
        raise PermissionDenied(_l("A leader has muted you for the rest of this meeting. You can still read."))
    if channel.slow_mode_seconds and not moderator:
        last = db.session.scalar(select(func.max(Message.created_at)).where(
            Message.channel_id == channel.id, Message.author_id == user.id))
        if last is not None:
            wait = channel.slow_mode_seconds - (now - last).total_seconds()
            if wait > 0:
                raise ValidationFailed(_l("Slow mode is on: you can post again in %(n)d seconds.", n=int(wait) + 1))


def why_cannot_post(user, channel):
    """A sentence for a reader who may not post, or None when they may."""
    if policy.can_post_in_channel(user, channel):
        return None
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
    from ..accounts.models import User

    other = db.session.get(User, other_id) if other_id else None
    return other.display_name if other else _l("Private chat")


# --- reading and catching up ---

def messages_after(user, channel, after_seq=0, limit=PAGE):
    """Messages with seq > after_seq, oldest first, at most `limit`. Raises NotFound."""
    if not policy.can_read_channel(user, channel):
        raise NotFound()
    after_seq = max(int(after_seq or 0), 0)
    limit = max(1, min(int(limit or PAGE), PAGE))
    return db.session.scalars(select(Message).where(Message.channel_id == channel.id, Message.seq > after_seq)
                              .order_by(Message.seq).limit(limit)).all()


def messages_between(user, channel, from_seq, to_seq):
    """A missing range [from_seq, to_seq], for a client that saw a gap. Raises NotFound, ValidationFailed."""
    from_seq, to_seq = int(from_seq), int(to_seq)
    if from_seq < 1 or to_seq < from_seq or to_seq - from_seq >= PAGE:
        raise ValidationFailed(_l("Ask for at most %(n)d messages at a time.", n=PAGE))
    return [m for m in messages_after(user, channel, from_seq - 1, PAGE) if m.seq <= to_seq]


def recent_messages(user, channel, limit=50):
    """The newest messages, oldest first, for opening a channel. Raises NotFound."""
    if not policy.can_read_channel(user, channel):
        raise NotFound()
    rows = db.session.scalars(select(Message).where(Message.channel_id == channel.id)
                              .order_by(Message.seq.desc()).limit(limit)).all()
    return list(reversed(rows))


def _advance_marker(user, channel, seq):
    marker = db.session.scalar(select(ReadMarker).where(ReadMarker.channel_id == channel.id,
                                                        ReadMarker.user_id == user.id))
    if marker is None:
        db.session.add(ReadMarker(channel_id=channel.id, user_id=user.id, last_read_seq=seq))
    elif marker.last_read_seq < seq:
        marker.last_read_seq = seq


def mark_read(user, channel, seq):
    """Remember that the user has read up to `seq`. Raises NotFound."""
    if not policy.can_read_channel(user, channel):
        raise NotFound()
    _advance_marker(user, channel, min(int(seq), channel.last_seq))
    try:
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


def message_view(message, viewer):
    """What a reader sees of a message: plain data for JSON. Hidden text goes only to its author."""
    hidden = message.hidden_at is not None
    own = viewer is not None and message.author_id == viewer.id
    reactions = {}
    mine = set()
    for reaction in message.reactions:
        reactions[reaction.kind] = reactions.get(reaction.kind, 0) + 1
        if viewer is not None and reaction.user_id == viewer.id:
            mine.add(reaction.kind)
    return {
        "id": message.id,
        "channel_id": message.channel_id,
        "seq": message.seq,
        "client_id": message.client_id if own else None,
        "author": message.author.display_name if message.author else None,
        "author_id": message.author_id,
        "own": own,
        "body": None if hidden and not own else message.body,
        "hidden": hidden,
        "hidden_reason": message.hidden_reason if hidden and own else None,
        "created_at": message.created_at.isoformat(),
        "reactions": reactions,
        "my_reactions": sorted(mine),
    }


# --- reactions and reports ---

def get_message(user, message_id):
    message = db.session.get(Message, message_id) if isinstance(message_id, int) else None
    if message is None:
        raise NotFound()
    channel = db.session.get(Channel, message.channel_id)
    if not policy.can_read_channel(user, channel):
        raise NotFound()
    return message, channel


def toggle_reaction(user, message, channel, kind):
    """Add the reaction, or take it back if the user already gave it. Raises ValidationFailed."""
    if kind not in REACTIONS:
        raise ValidationFailed(_l("Unknown reaction."))
    if not policy.can_react_in_channel(user, channel) or message.hidden_at is not None:
        raise PermissionDenied(_l("You cannot react here."))
    existing = db.session.scalar(select(Reaction).where(Reaction.message_id == message.id,
                                                        Reaction.user_id == user.id, Reaction.kind == kind))
    if existing is None:
        db.session.add(Reaction(message_id=message.id, user_id=user.id, kind=kind))
    else:
        db.session.delete(existing)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    db.session.refresh(message)
    return message


def report_message(user, message, channel, reason=""):
    """Report a message to the group's leaders. Reporting twice keeps one report."""
    if channel.kind != "group" or not policy.can_report_in_channel(user, channel):
        raise PermissionDenied(_l("You cannot report messages here."))
    reason = (reason or "").strip()[:500]
    db.session.add(Report(message_id=message.id, reporter_id=user.id, reason=reason))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def open_reports(user, channel):
    if not policy.can_moderate_channel(user, channel):
        raise NotFound()
    return db.session.scalars(select(Report).join(Message).where(
        Message.channel_id == channel.id, Report.resolved_at.is_(None)).order_by(Report.created_at)).all()


def resolve_report(user, report_id):
    report = db.session.get(Report, report_id) if isinstance(report_id, int) else None
    if report is None:
        raise NotFound()
    channel = db.session.get(Channel, report.message.channel_id)
    if not policy.can_moderate_channel(user, channel):
        raise NotFound()
    if report.resolved_at is None:
        report.resolved_at, report.resolved_by_id = utcnow(), user.id
        db.session.commit()
    return report


# --- moderation by the group's own leaders ---

def _moderated(user, channel):
    if not policy.can_moderate_channel(user, channel):
        raise PermissionDenied(_l("Only the group's leaders can do this."))


def hide_message(user, message, channel, reason):
    """Hide a message: others see "removed by a leader", the author sees the reason."""
    _moderated(user, channel)
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise ValidationFailed(_l("Tell the author why, in at most 300 characters."), field="reason")
    if message.hidden_at is None:
        message.hidden_at, message.hidden_by_id, message.hidden_reason = utcnow(), user.id, reason
        db.session.commit()
    return message


def set_paused(user, channel, paused):
    _moderated(user, channel)
    channel.paused = bool(paused)
    db.session.commit()


def set_slow_mode(user, channel, seconds):
    _moderated(user, channel)
    seconds = int(seconds)
    if not 0 <= seconds <= 600:
        raise ValidationFailed(_l("Slow mode is between 0 and 600 seconds."))
    channel.slow_mode_seconds = seconds
    db.session.commit()


def mute_member(user, channel, member, until):
    """Mute a member until `until` (the end of the meeting). Raises PermissionDenied."""
    _moderated(user, channel)
    if member.id == user.id or policy.can_moderate_channel(member, channel):
        raise ValidationFailed(_l("Leaders cannot be muted."))
    if not policy.can_read_channel(member, channel):
        raise NotFound()
    db.session.add(Mute(channel_id=channel.id, user_id=member.id, muted_by_id=user.id, until=until))
    db.session.commit()


# --- presence (shared by all processes) ---

def note_presence(user, channel, sid, now=None):
    now = now or utcnow()
    row = db.session.scalar(select(Presence).where(Presence.sid == sid, Presence.channel_id == channel.id))
    if row is None:
        db.session.add(Presence(sid=sid, user_id=user.id, channel_id=channel.id, seen_at=now))
    else:
        row.seen_at = now
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def forget_presence(sid, channel_id=None):
    """Forget a socket (all channels, or one); returns the channel ids it was in."""
    query = select(Presence.channel_id).where(Presence.sid == sid)
    if channel_id is not None:
        query = query.where(Presence.channel_id == channel_id)
    channel_ids = list(db.session.scalars(query))
    statement = delete(Presence).where(Presence.sid == sid)
    if channel_id is not None:
        statement = statement.where(Presence.channel_id == channel_id)
    db.session.execute(statement)
    db.session.commit()
    return channel_ids


def present_in(channel, now=None):
    """Display names of the people with an open socket in the channel, for a reader of it."""
    now = now or utcnow()
    from ..accounts.models import User

    rows = db.session.execute(select(User.id, User.display_name).join(Presence, Presence.user_id == User.id)
                              .where(Presence.channel_id == channel.id, Presence.seen_at > now - PRESENCE_STALE)
                              .distinct().order_by(User.display_name)).all()
    return [{"id": row.id, "name": row.display_name} for row in rows]


def sockets_without_access(channel_id=None, now=None):
    """(sid, channel_id) of open sockets whose user may no longer read the channel."""
    from ..accounts.models import User

    query = select(Presence)
    if channel_id is not None:
        query = query.where(Presence.channel_id == channel_id)
    gone = []
    for row in db.session.scalars(query):
        channel = db.session.get(Channel, row.channel_id)
        user = db.session.get(User, row.user_id)
        if channel is None or user is None or not policy.can_read_channel(user, channel):
            gone.append((row.sid, row.channel_id))
    return gone


# --- retention ---

def purge_expired_messages(now=None):
    """Delete (not hide) group messages older than their group's retention. Safe to run twice."""
    from ..groups.models import Group

    now = now or utcnow()
    deleted = 0
    rows = db.session.execute(select(Channel.id, Group.chat_retention_days).join(Group, Group.id == Channel.group_id)
                              .where(Group.chat_retention_days.is_not(None))).all()
    for channel_id, days in rows:
        result = db.session.execute(delete(Message).where(Message.channel_id == channel_id,
                                                          Message.created_at < now - timedelta(days=days)))
        deleted += result.rowcount or 0
    db.session.commit()
    return deleted
