"""What the server pushes to sockets. Payloads are the same for every reader (never personal);
anything for one person goes to that person's own room."""
import json

from flask import current_app

from .. import policy
from ..extensions import db, socketio
from ..signals import logins_ended
from . import services
from .models import Channel, meeting_room

_sweeper_started = False


def user_room(user_id):
    return f"user:{user_id}"


def login_room(public_id):
    """Every socket opened by one login (one signed-in device) is in this room."""
    return f"login:{public_id}"


def new_message(message):
    new_message_view(getattr(message, "broadcast_view", None) or services.message_view(message, None))


def _readers(channel_id, meeting_id):
    """The rooms of everyone who reads a message: the channel's members, and the guests of its meeting."""
    rooms = [f"channel:{channel_id}"]
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


def channel_state(channel, viewer):
    """Channel settings a reader needs; the moderator flag is about the viewer (sent to them only)."""
    visit = services.guest_visit(viewer, channel)
    live = services.current_live(channel)
    return {
        "channel_id": channel.id,
        "paused": channel.paused,
        "slow_mode_seconds": channel.slow_mode_seconds,
        "moderator": policy.can_moderate_channel(viewer, channel),
        "can_post": policy.can_post_in_channel(viewer, channel, visit),
        "here": services.present_in(channel),
        # A guest sees the raise-hand queue of their own meeting's live session only.
        "live": services.live_view(live if visit is None or (live is not None and live.meeting_id == visit.meeting.id)
                                   else None),
    }


def state_changed(channel):
    socketio.emit("state", {"channel_id": channel.id, "paused": channel.paused,
                            "slow_mode_seconds": channel.slow_mode_seconds}, to=_all_readers(channel))


def reports_changed(channel):
    """Tell the channel's moderators (leaders only) that the report list changed."""
    socketio.emit("reports", {"channel_id": channel.id}, to=f"moderators:{channel.id}")


def eject(sid, channel_id, reason="access_ended"):
    """Take one socket out of a channel, on whichever process holds it."""
    socketio.emit("access_ended", {"channel_id": channel_id, "reason": reason}, to=sid)
    socketio.server.leave_room(sid, f"channel:{channel_id}", namespace="/")
    socketio.server.leave_room(sid, f"moderators:{channel_id}", namespace="/")
    for room in _local_rooms_of(sid):  # a guest's meeting room (a guest socket is swept where it is held)
        if room.startswith(meeting_room(channel_id, "")):
            socketio.server.leave_room(sid, room, namespace="/")
    services.forget_presence(sid, channel_id)


def eject_without_access(channel_id=None, local_only=False):
    """Eject every socket whose user may no longer read its channel; returns how many."""
    local = _local_sids() if local_only else None
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


def ensure_sweeper(app):
    global _sweeper_started
    if not _sweeper_started:
        _sweeper_started = True
        from .events import register_sweeper

        register_sweeper(app)


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


# Several processes (with REDIS_URL): a login that ended on one has its sockets closed on all of them.
LOGINS_ENDED_CHANNEL = "aftercare:logins-ended"
_redis_clients = {}
# Ended logins this process could not announce (Redis was down); sent once it is back.
_unannounced = []
_UNANNOUNCED_MAX = 10000


def _redis(url):
    import redis

    if url not in _redis_clients:
        # Redis down or unreachable must not hold up a logout for long.
        _redis_clients[url] = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return _redis_clients[url]


@logins_ended.connect
def close_sockets_of(_sender, public_ids, **_kwargs):
    """A login ended: its pages on every process are told to stop and clear, and its sockets are closed
    at once: this process's here, the other processes' through Redis (when Redis is down, as soon as it
    is back; their sweep is the backstop)."""
    public_ids = list(public_ids)
    for public_id in public_ids:
        socketio.emit("signed_out", {}, to=login_room(public_id))
    close_local_sockets_of(public_ids)
    queue = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if queue and public_ids:
        try:
            _redis(queue).publish(LOGINS_ENDED_CHANNEL, json.dumps(public_ids))
        except Exception as error:
            current_app.logger.warning("could not tell the other processes that logins ended (%s); "
                                       "telling them when Redis is back", type(error).__name__)
            if len(_unannounced) < _UNANNOUNCED_MAX:
                _unannounced.extend(public_ids)


def _announce_unannounced(queue):
    """Publish the ended logins that could not be announced while Redis was down."""
    batch = _unannounced[:]
    _redis(queue).publish(LOGINS_ENDED_CHANNEL, json.dumps(batch))
    del _unannounced[:len(batch)]
    for public_id in batch:  # their "signed out" push may have been lost with the queue down, too
        socketio.emit("signed_out", {}, to=login_room(public_id))


def close_local_sockets_of(public_ids):
    """Close the sockets this process holds for these logins; returns how many."""
    closed = 0
    for public_id in public_ids:
        for sid in _local_sids(login_room(public_id)):
            socketio.server.disconnect(sid, namespace="/")
            closed += 1
    return closed


def listen_for_ended_logins(app):
    """Each process with a message queue runs this: it closes its own sockets of logins that ended
    through another process. After Redis restarts it subscribes again (and announces what it could not
    while Redis was down) within a few seconds."""
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    wait = 1
    while True:
        pubsub = None
        try:
            pubsub = _redis(queue).pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(LOGINS_ENDED_CHANNEL)
            while True:
                if _unannounced:
                    with app.app_context():
                        _announce_unannounced(queue)
                wait = 1
                message = pubsub.get_message(timeout=1)
                if message and message.get("type") == "message":
                    public_ids = [i for i in json.loads(message["data"]) if isinstance(i, str)]
                    with app.app_context():
                        close_local_sockets_of(public_ids)
        except Exception as error:  # Redis down or restarting: subscribe afresh
            app.logger.warning("listening for ended logins failed (%s); again in %d s", type(error).__name__, wait)
            socketio.sleep(wait)
            wait = min(wait * 2, 4)
        finally:
            if pubsub is not None:
                try:
                    pubsub.close()
                except Exception:
                    pass


def disconnect_ended_logins():
    """The sweep's part for logins: close this process's sockets whose login is no longer live
    (ended elsewhere, idle too long, account disabled). Returns how many were closed. Checks a few
    hundred logins at a time and lets the sockets run in between."""
    from ..accounts.services import live_login_ids
    from .services.presence import SWEEP_CHUNK

    # Walk this process's login rooms (asking each socket for its rooms would scan every room per socket).
    logins = [room[len("login:"):] for room in list(socketio.server.manager.rooms.get("/", {}))
              if room and room.startswith("login:")]
    idle_minutes = current_app.config["SESSION_IDLE_MINUTES"]
    closed = 0
    for start in range(0, len(logins), SWEEP_CHUNK):
        if start:
            socketio.sleep(0)
        batch = logins[start:start + SWEEP_CHUNK]
        live = live_login_ids(set(batch), idle_minutes)
        ended = [public_id for public_id in batch if public_id not in live]
        for public_id in ended:
            socketio.emit("signed_out", {}, to=login_room(public_id))
        closed += close_local_sockets_of(ended)
    return closed


def _local_rooms_of(sid):
    return list(socketio.server.rooms(sid, namespace="/"))


def has_joined(sid, channel_id):
    """Whether this process's socket `sid` is in the channel's room (joined, and not ejected since)."""
    if not isinstance(channel_id, int) or isinstance(channel_id, bool):
        return False
    return sid in socketio.server.manager.rooms.get("/", {}).get(f"channel:{channel_id}", {})


def _local_sids(room=None):
    """The sockets this process holds in a room (every connected socket is in the namespace's None room)."""
    try:
        return [sid for sid, _eio_sid in socketio.server.manager.get_participants("/", room)]
    except KeyError:
        return []
