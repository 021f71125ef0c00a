"""The chat's background work in each process: the sweep (sockets that lost access, logins that ended,
decisions that fell due) and, with a message queue, the listener for logins that ended elsewhere."""
import json

from flask import current_app

from ..extensions import db, socketio
from ..safelog import describe
from ..signals import logins_ended
from . import broadcast
from .rooms import login_of, login_room

_sweeper_started = False


def ensure_sweeper(app):
    """Start this process's sweep once (on the first socket it holds)."""
    global _sweeper_started
    if not _sweeper_started:
        _sweeper_started = True
        register_sweeper(app)


def _rollback():
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  (the connection is dead; the next round starts afresh)
        db.session.remove()


def settle_due():
    """Decisions whose time came without anyone acting (an objection time ran out, a guest's meeting is
    near, an offered place lapsed) are settled here and in `flask purge-expired`, never by a page."""
    from ..groups.services import offer_due_places, settle_due_proposals
    from ..meetings.services import settle_due_guests

    settle_due_proposals()
    settle_due_guests()
    offer_due_places()


def register_sweeper(app):
    """Each process checks its own sockets every few seconds and ejects those that lost access
    (e.g. a guest whose meeting window ended). Immediate ejection happens on membership changes; with
    a message queue, each process also listens for logins that ended through another one."""
    interval = app.config.get("CHAT_SWEEP_SECONDS", 15)
    if not interval or app.testing:
        return

    def sweep():
        while True:
            socketio.sleep(interval)
            with app.app_context():
                try:
                    broadcast.eject_without_access(local_only=True)
                    disconnect_ended_logins()
                    settle_due()
                except Exception as error:  # noqa: BLE001  (keep sweeping; the next round tries again)
                    current_app.logger.error("chat sweep failed: %s", describe(error))
                    _rollback()
                finally:
                    db.session.remove()

    socketio.start_background_task(sweep)
    if app.config.get("SOCKETIO_MESSAGE_QUEUE"):
        socketio.start_background_task(listen_for_ended_logins, app)


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
        for sid in broadcast.local_sids(login_room(public_id)):
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
    logins = [login for login in map(login_of, list(socketio.server.manager.rooms.get("/", {}))) if login]
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
