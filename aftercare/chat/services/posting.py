"""Posting: validated, authorised, rate-limited, numbered, committed before any broadcast, never doubled."""

import re
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse as parse_limit
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..models import MAX_BODY, Channel, Message, Mute
from .channels import refusal_text
from .guests import guest_visit, meeting_now
from .reading import message_view

CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Control characters other than newline and tab are refused: plain text only.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# --- posting ---

def clean_body(body):
    """A message's text, trimmed and within its length. Raises ValidationFailed."""
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
    visit = guest_visit(user, channel, now)
    if not policy.can_read_channel(user, channel, visit):
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
    _check_may_post(user, channel, now, visit)
    _check_rate(user, now)
    # The meeting it is posted in (a guest's is theirs: can_post_as_guest decided on that very fact).
    meeting_id = visit.meeting_now_id if visit is not None else meeting_now(channel, now)

    seq = db.session.execute(
        update(Channel).where(Channel.id == channel.id).values(last_seq=Channel.last_seq + 1)
        .returning(Channel.last_seq)).scalar_one()
    message = Message(channel_id=channel.id, seq=seq, author_id=user.id, client_id=client_id, body=body,
                      created_at=now, meeting_id=meeting_id, author=user, reactions=[])
    db.session.add(message)
    try:
        db.session.flush()
        # What every reader is sent, built before the commit expires the object (saves a reload).
        message.broadcast_view = message_view(message, None)
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


def posting_limit():
    """CHAT_RATE_LIMIT ("20 per minute") as (posts, window in seconds)."""
    limit = parse_limit(current_app.config["CHAT_RATE_LIMIT"])
    return limit.amount, limit.get_expiry()


def _over_posting_limit(recent_posts):
    return recent_posts >= posting_limit()[0]


def _posting_window_start(now):
    return now - timedelta(seconds=posting_limit()[1])


def _check_rate(user, now):
    """A per-person cap on posting, counted from the person's own stored messages in the window (as slow
    mode is): exact, the same for every process, and free on the send path, where it rides along with
    the facts query. Two posts racing from two devices at the limit may both pass."""
    recent = db.session.scalar(select(func.count()).select_from(Message).where(
        Message.author_id == user.id, Message.created_at > _posting_window_start(now)))
    if _over_posting_limit(recent):
        raise ValidationFailed(_l("You are posting very quickly. Wait a moment, then send again."))


def _posting_moment(user, channel, now):
    """What may stand in the way of this post now, loaded for policy.posting_refusal: the live meeting only
    under the floor rule, the person's last post here only with slow mode on."""
    from .live import current_live

    floor_rule = channel.kind == "group" and channel.group.floor_only_in_meetings
    live = current_live(channel) if floor_rule else None
    last_post_at = None
    if channel.slow_mode_seconds:
        last_post_at = db.session.scalar(select(func.max(Message.created_at)).where(
            Message.channel_id == channel.id, Message.author_id == user.id))
    return policy.PostingMoment(now=now, paused=channel.paused, muted=_active_mute(user, channel, now) is not None,
                                floor_only_in_meetings=floor_rule, live_open=live is not None,
                                has_floor=live is not None and live.floor_user_id == user.id,
                                slow_mode_seconds=channel.slow_mode_seconds, last_post_at=last_post_at)


def _check_may_post(user, channel, now, visit=None):
    facts = policy.PostingFacts.of(user, channel, visit, _posting_moment(user, channel, now))
    refusal = policy.posting_refusal(facts)
    if refusal is policy.PostingRefusal.SLOW_MODE:
        raise ValidationFailed(refusal_text(refusal, facts))
    if refusal is not None:
        raise PermissionDenied(refusal_text(refusal, facts))
