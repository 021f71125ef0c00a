"""Who is here (shared by every process) and deleting messages past retention."""

import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ... import policy
from ...extensions import db
from ...timeutil import utcnow
from ..models import PRESENCE_STALE, Channel, Message, Presence
from .guests import guest_visit


# --- presence (shared by all processes) ---

def note_presence(user, channel, sid, now=None, commit=True):
    """Note that the socket reads the channel. Returns True when that changes who is here (the socket is
    new there, or had gone stale), so that only then the others are told. commit=False: flushes only (the
    caller commits, and handles the IntegrityError of the same socket noted twice at once)."""
    now = now or utcnow()
    row = db.session.scalar(select(Presence).where(Presence.sid == sid, Presence.channel_id == channel.id))
    changed = row is None or row.seen_at <= now - PRESENCE_STALE
    if row is None:
        db.session.add(Presence(sid=sid, user_id=user.id, channel_id=channel.id, seen_at=now))
    else:
        row.seen_at = now
    if not commit:
        return changed
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return changed


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
    from ...accounts.models import User

    from .reading import author_label

    present = select(Presence.user_id).where(Presence.channel_id == channel.id,
                                             Presence.seen_at > now - PRESENCE_STALE)
    users = db.session.scalars(select(User).options(selectinload(User.role_rows))
                               .where(User.id.in_(present)).order_by(User.display_name)).all()
    return [{"id": user.id, "name": user.display_name, "label": author_label(user, channel)} for user in users]


SWEEP_CHUNK = 250


def sockets_without_access(channel_id=None, sids=None, pause=None, time_bound_only=False):
    """(sid, channel_id) of open sockets whose user may no longer read the channel.

    Loads the channels (with their groups and members) and the users in bulk, so checking thousands
    of sockets costs a handful of queries, not several per socket. `pause`, when given, is called
    between batches of a few hundred sockets so that a process serving sockets can let them run.

    `time_bound_only` is for the periodic sweep, which looks for access that ends with time (a guest's
    window, a closed group's reading time) and for disabled or deleted accounts: it leaves out the sockets
    of enabled accounts that are an active member of an open group or one of a pair channel's two
    people, whose access ends only by leaving or removal (which eject at once), by the group closing or by
    the account being disabled (after which the next sweep checks them).
    """
    if sids is None or pause is None:
        return _without_access(channel_id, sids, time_bound_only)
    sids, gone = list(sids), []
    for start in range(0, len(sids), SWEEP_CHUNK):
        if start:
            pause()
        gone += _without_access(channel_id, sids[start:start + SWEEP_CHUNK], time_bound_only)
    return gone


def _without_access(channel_id, sids, time_bound_only):
    from ...accounts.models import User
    from ...groups.models import Group, Membership

    query = (select(Presence.sid, Presence.user_id, Presence.channel_id, User.is_disabled, Channel.kind,
                    Channel.pair_a_id, Channel.pair_b_id, Group.phase, Membership.status.label("membership_status"))
             .outerjoin(User, User.id == Presence.user_id).outerjoin(Channel, Channel.id == Presence.channel_id)
             .outerjoin(Group, Group.id == Channel.group_id)
             .outerjoin(Membership, and_(Membership.group_id == Group.id, Membership.user_id == Presence.user_id)))
    if channel_id is not None:
        query = query.where(Presence.channel_id == channel_id)
    if sids is not None:
        query = query.where(Presence.sid.in_(list(sids)))
    rows = [row for row in db.session.execute(query) if not (time_bound_only and policy.read_access_lasts(row))]
    if not rows:
        return []
    channels = {c.id: c for c in db.session.scalars(select(Channel).options(
        selectinload(Channel.group).selectinload(Group.memberships).lazyload(Membership.user)).where(
        Channel.id.in_({row.channel_id for row in rows})))}
    users = {u.id: u for u in db.session.scalars(select(User).options(selectinload(User.role_rows)).where(
        User.id.in_({row.user_id for row in rows})))}
    now = utcnow()
    return [(row.sid, row.channel_id) for row in rows
            if channels.get(row.channel_id) is None or users.get(row.user_id) is None
            or not policy.can_read_channel(users[row.user_id], channels[row.channel_id],
                                           guest_visit(users[row.user_id], channels[row.channel_id], now))]


# --- retention ---

def purge_expired_messages(now=None, batch_size=None, pause_seconds=None):
    """Delete (not hide) group messages older than their group's retention; returns how many. Safe to run
    twice, and to stop half way (what is left goes on the next run).

    Per channel, oldest first, in batches of at most CHAT_PURGE_BATCH_SIZE messages: the batch's ids are
    read first (no lock), then deleted by primary key in a transaction of its own that commits at once,
    and CHAT_PURGE_PAUSE_SECONDS pass before the next. So no transaction holds more than one batch's rows,
    and on SQLite, where a writing transaction holds the one write lock, a post waits one batch at most.
    Their reactions and reports go with them (ON DELETE CASCADE)."""
    from ...groups.models import Group

    config = current_app.config
    batch_size = batch_size or config["CHAT_PURGE_BATCH_SIZE"]
    pause_seconds = config["CHAT_PURGE_PAUSE_SECONDS"] if pause_seconds is None else pause_seconds
    now = now or utcnow()
    deleted = 0
    rows = db.session.execute(select(Channel.id, Group.chat_retention_days).join(Group, Group.id == Channel.group_id)
                              .where(Group.chat_retention_days.is_not(None)).order_by(Channel.id)).all()
    db.session.commit()  # ends the read's transaction (and the caller's pending work): each batch is one of its own
    for channel_id, days in rows:
        expired = (select(Message.id).where(Message.channel_id == channel_id,
                                            Message.created_at < now - timedelta(days=days))
                   .order_by(Message.created_at).limit(batch_size))
        while True:
            ids = list(db.session.scalars(expired))
            if not ids:
                db.session.rollback()  # only read
                break
            # The bulk DELETE leaves what the session holds alone (nothing, in the command that runs it).
            result = db.session.execute(delete(Message).where(Message.id.in_(ids)),
                                        execution_options={"synchronize_session": False})
            db.session.commit()
            deleted += result.rowcount or 0  # (rows someone else deleted meanwhile are not counted)
            if pause_seconds:
                time.sleep(pause_seconds)
            if len(ids) < batch_size:  # that was all of this channel's expired messages
                break
    return deleted
