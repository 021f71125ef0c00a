"""What the server pushes to sockets. Payloads are the same for every reader (never personal);
anything for one person goes to that person's own room."""
from .. import policy
from ..extensions import db, socketio
from . import services
from .models import Channel
from .rooms import channel_room, is_meeting_room_of, meeting_room, moderators_room, user_room


def new_message(message):
    new_message_view(getattr(message, "broadcast_view", None) or services.message_view(message, None))


def _readers(channel_id, meeting_id):
    """The rooms of everyone who reads a message: the channel's members, and the guests of its meeting."""
    rooms = [channel_room(channel_id)]
    return rooms + [meeting_room(channel_id, meeting_id)] if meeting_id is not None else rooms


def new_message_view(view):
    """A new message, as every reader sees it (message_view with no viewer)."""
    socketio.emit("message", view, to=_readers(view["channel_id"], view.get("meeting_id")))


def message_changed(message):
    socketio.emit("message_changed", services.message_view(message, None),
                  to=_readers(message.channel_id, message.meeting_id))
    if message.hidden_at is not None and message.author_id is not None:
        socketio.emit("message_changed", services.message_view(message, message.author),
                      to=user_room(message.author_id))


def presence_changed(channel_id):
    channel = db.session.get(Channel, channel_id)
    if channel is not None:
        socketio.emit("presence", {"channel_id": channel_id, "here": services.present_in(channel)},
                      to=_all_readers(channel))


def _all_readers(channel):
    """The channel's room and the rooms of the guests who may be in it now (for what is about the channel,
    not about one meeting's messages: who is here, a pause, slow mode)."""
    return [channel.room] + [channel.meeting_room(meeting_id) for meeting_id in services.guest_meeting_ids(channel)]


def state_changed(channel):
    socketio.emit("state", {"channel_id": channel.id, "paused": channel.paused,
                            "slow_mode_seconds": channel.slow_mode_seconds}, to=_all_readers(channel))


def reports_changed(channel):
    """Tell the channel's moderators (leaders only) that the report list changed."""
    socketio.emit("reports", {"channel_id": channel.id}, to=moderators_room(channel.id))


def eject(sid, channel_id, reason="access_ended"):
    """Take one socket out of a channel, on whichever process holds it."""
    socketio.emit("access_ended", {"channel_id": channel_id, "reason": reason}, to=sid)
    socketio.server.leave_room(sid, channel_room(channel_id), namespace="/")
    socketio.server.leave_room(sid, moderators_room(channel_id), namespace="/")
    for room in local_rooms_of(sid):  # a guest's meeting room (a guest socket is swept where it is held)
        if is_meeting_room_of(channel_id, room):
            socketio.server.leave_room(sid, room, namespace="/")
    services.forget_presence(sid, channel_id)


def eject_without_access(channel_id=None, local_only=False):
    """Eject every socket whose user may no longer read its channel; returns how many."""
    local = local_sids() if local_only else None
    if local is not None and not local:
        return 0
    affected = []
    pause = (lambda: socketio.sleep(0)) if local_only else None  # the sweep lets sockets run between checks
    for sid, cid in services.sockets_without_access(channel_id, sids=local, pause=pause, time_bound_only=local_only):
        eject(sid, cid)
        affected.append(cid)
    for cid in set(affected):
        presence_changed(cid)
    return len(affected)


def live_changed(channel, live=None):
    """The live session's queue and floor, to the members and to the guests of its meeting."""
    live = live if live is not None and live.closed_at is None else services.current_live(channel)
    socketio.emit("live", dict(services.live_view(live), channel_id=channel.id),
                  to=_readers(channel.id, live.meeting_id if live is not None else None))
    guest_posting_changed(channel)


def live_closed(channel, live):
    """Members are asked for feedback and the recorder reminded of the log (the page links them)."""
    socketio.emit("live", {"channel_id": channel.id, "open": False, "closed": True,
                           "meeting_id": live.meeting_id}, to=_readers(channel.id, live.meeting_id))
    guest_posting_changed(channel)


def guest_posting_changed(channel):
    """A live session opened or closed: the guests of each meeting whose window is open learn whether what
    they write now would belong to their meeting (so their page opens or closes the composer)."""
    meeting_ids = services.guest_meeting_ids(channel)
    if not meeting_ids:
        return
    current = services.meeting_now(channel)
    for meeting_id in meeting_ids:
        socketio.emit("can_post", {"channel_id": channel.id, "can_post": policy.posts_belong_to(meeting_id, current)},
                      to=channel.meeting_room(meeting_id))


def local_rooms_of(sid):
    return list(socketio.server.rooms(sid, namespace="/"))


def has_joined(sid, channel_id):
    """Whether this process's socket `sid` is in the channel's room (joined, and not ejected since)."""
    if not isinstance(channel_id, int) or isinstance(channel_id, bool):
        return False
    return sid in socketio.server.manager.rooms.get("/", {}).get(channel_room(channel_id), {})


def local_sids(room=None):
    """The sockets this process holds in a room (every connected socket is in the namespace's None room)."""
    try:
        return [sid for sid, _eio_sid in socketio.server.manager.get_participants("/", room)]
    except KeyError:
        return []
