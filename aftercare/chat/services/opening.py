"""Opening a channel: what the chat page shows and what a joining socket gets come from one service."""
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from ... import policy
from ...extensions import db
from .. import rooms
from .channels import get_channel, why_cannot_post
from .guests import guest_visit
from .live import current_live, leaders_for_floor, live_view, meeting_context
from .presence import note_presence, present_in
from .reading import PAGE, history_after, history_before_end, message_view

__all__ = ["Opening", "open_channel", "channel_state"]

HISTORY = 50  # what the chat page shows of the history at first


@dataclass
class Opening:
    """A channel as one reader opens it. `messages` are message views for that reader, oldest first;
    `more` says the catch-up stopped at a page's end. `rooms` (a joining socket) are the rooms it joins;
    `presence_changed`, whether who is here changed. The page's extras (`page`) are filled for a page only."""

    channel: object
    messages: list
    more: bool
    state: dict
    rooms: list = field(default_factory=list)
    presence_changed: bool = False
    page: dict = field(default_factory=dict)


def channel_state(channel, viewer, visit=None):
    """Channel settings a reader needs; the moderator flag is about the viewer (sent to them only).
    `visit`: the viewer's guest_visit, when the caller has it."""
    visit = visit if visit is not None else guest_visit(viewer, channel)
    live = current_live(channel)
    return {
        "channel_id": channel.id,
        "paused": channel.paused,
        "slow_mode_seconds": channel.slow_mode_seconds,
        "moderator": policy.can_moderate_channel(viewer, channel),
        "can_post": policy.can_post_in_channel(viewer, channel, visit),
        "here": present_in(channel),
        # A guest sees the raise-hand queue of their own meeting's live session only.
        "live": live_view(live if visit is None or (live is not None and live.meeting_id == visit.meeting.id)
                          else None),
    }


def open_channel(user, channel_id, *, after_seq=None, sid=None):
    """Open a channel for its reader, the same way for the chat page and for a socket's join.

    after_seq None (the page): the last HISTORY messages, and what the page shows beside them; reads
    only. after_seq given (a socket joining, `sid`): what was missed since, at most a page; the socket's
    reading is noted (who is here, and a guest's presence in the members' log), committed once.
    Raises NotFound (existence is not disclosed)."""
    channel = get_channel(user, channel_id)
    visit = guest_visit(user, channel)
    if after_seq is None:
        rows = history_before_end(channel, visit, HISTORY)
        more = False
    else:
        rows = history_after(channel, visit, after_seq, PAGE)
        more = bool(rows) and rows[-1].seq < channel.last_seq
    opening = Opening(channel=channel, messages=[message_view(m, user, channel) for m in rows], more=more,
                      state={})
    if sid is not None:
        # A guest is never in the channel's room: only their meeting's messages are pushed to them.
        as_guest = visit is not None and not policy.can_view_group(user, channel.group)
        opening.rooms = [rooms.meeting_room(channel.id, visit.meeting.id) if as_guest else rooms.channel_room(channel.id)]
        if policy.can_moderate_channel(user, channel):
            opening.rooms.append(rooms.moderators_room(channel.id))
        opening.presence_changed = _note_reader(user, channel, visit, sid)
    opening.state = channel_state(channel, user, visit)
    if sid is None:
        agenda, after_meeting_links = meeting_context(user, channel)
        opening.page = {"leaders": leaders_for_floor(channel), "agenda": agenda,
                        "after_meeting_links": after_meeting_links,
                        "cannot_post_reason": why_cannot_post(user, channel, visit)}
    return opening


def _note_reader(user, channel, visit, sid):
    """A socket started reading: note it where others see it; one commit. Returns whether who is here
    changed."""
    if visit is not None and policy.is_guest_in_window(user, channel.group, visit):
        from ...meetings.services.guests import note_guest_presence

        note_guest_presence(user, channel.group, visit.meeting, commit=False)
    changed = note_presence(user, channel, sid, commit=False)
    try:
        db.session.commit()
    except IntegrityError:  # the same socket joined twice at once: the other join noted it
        db.session.rollback()
        return False
    return changed
