"""Socket.IO handlers: thin; every payload is checked against its event's schema (payloads.py) and every
event is authorised again through the services. Every event is answered, the database down or not."""
from urllib.parse import urlsplit

from flask import current_app, request
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, disconnect as drop_socket, emit, join_room, leave_room, rooms
from flask_wtf.csrf import ValidationError, validate_csrf

from .. import policy
from ..exceptions import NotFound, ServiceError
from ..extensions import db, socketio
from ..i18n import request_locale
from ..safelog import describe
from ..security import claimed_login_session_id, current_login_session_id
from . import broadcast, conduct, services, sweeper
from .rooms import is_meeting_room_of, login_room, moderators_room, user_room
from .payloads import MALFORMED, NOT_UNDERSTOOD, SCHEMAS, Malformed


def _same_origin():
    origin = request.headers.get("Origin")
    if not origin:
        return False
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def _rollback():
    """Roll back after a refusal or a failure; with the database gone, just let the session go."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  (the connection is dead; the next event starts afresh)
        db.session.remove()


@socketio.on("connect")
def connect(auth=None):
    try:
        _connect(auth)
    except ConnectionRefusedError:
        raise
    except Exception as error:  # noqa: BLE001  (e.g. the database is down: refuse, say so, keep it short)
        _rollback()
        current_app.logger.error("socket connect failed: %s", describe(error))
        with force_locale(request_locale()):
            raise ConnectionRefusedError(_("The chat is not available right now. Try again in a moment."))


def _connect(auth):
    if not current_user.is_authenticated:
        raise ConnectionRefusedError(_("Log in to use the chat."))
    if policy.is_blocked_until_two_factor(current_user):
        raise ConnectionRefusedError(_("Set up two-factor sign-in first."))
    if not _same_origin():
        current_app.logger.warning("socket refused for user %s: origin %.100r is not %s", current_user.id,
                                   request.headers.get("Origin"), request.host_url)
        raise ConnectionRefusedError(_("This connection did not come from this site."))
    try:
        token = SCHEMAS["connect"].parse([{} if auth is None else auth])["csrf_token"]
        validate_csrf(token)
    except (Malformed, ValidationError):
        raise ConnectionRefusedError(_("Reload the page to chat (the security token expired)."))
    conduct.remember(get_locale(), current_user.id)
    join_room(user_room(current_user.id))
    join_room(login_room(current_login_session_id()))
    sweeper.ensure_sweeper(current_app._get_current_object())


@socketio.on("disconnect")
def disconnect(*_args):
    try:
        for channel_id in services.forget_presence(request.sid):
            broadcast.presence_changed(channel_id)
    except Exception as error:  # noqa: BLE001  (presence goes stale by itself; nobody waits for an answer)
        _rollback()
        conduct.log("failure", "disconnect failed: %s", describe(error), level="error")


# --- every client event: a schema, an answer whatever happens, bad events counted ---

def answer(event, work):
    """Run `work()` and return its ack; a refusal or a failure becomes {"ok": False, "error": ...} in the
    socket's language, with nothing changed. Malformed payloads and ids the person may not know count
    towards dropping the socket; failures are logged (class and place only, rate-limited)."""
    with force_locale(conduct.answer_locale()):
        try:
            return work()
        except ServiceError as error:
            _rollback()
            refusal = {"ok": False, "error": str(error.message) if error.message else _("Not found.")}
            if isinstance(error, (Malformed, NotFound)):
                reason = type(error).__name__ + (f" in {error.field}" if error.field else "")
                if conduct.note_bad_event(event, reason):
                    drop_socket()
            return refusal
        except Exception as error:  # noqa: BLE001  (a fault on our side: answer, so the client can retry)
            _rollback()
            conduct.log("failure", "event %s failed: %s", event, describe(error), level="error")
            return {"ok": False, "error": _("Something went wrong. Try again."), "retry": True}


def on(event):
    """Register the handler of a client event; it gets the payload as parsed by the event's schema."""
    schema = SCHEMAS[event]

    def decorator(handler):
        def run(*args):
            return answer(event, lambda: handler(schema.parse(args)))

        run.__name__ = run.__qualname__ = handler.__name__
        run.__doc__ = handler.__doc__
        socketio.on(event)(run)
        return handler

    return decorator


def _refuse(_args):
    raise Malformed(NOT_UNDERSTOOD)


@socketio.on(MALFORMED)
def malformed(*args):
    """Packets that could not be read (payloads.SocketPacket) arrive as this event."""
    return answer(MALFORMED, lambda: _refuse(args))


@socketio.on("*")
def unknown(_event, *args):
    """Any event the server does not know (its name is the client's, so it is not logged)."""
    return answer("unknown", lambda: _refuse(args))


@on("join")
def join(data):
    """Start reading a channel: returns what was missed since `last_seq` and who is here."""
    opening = services.open_channel(current_user, data["channel_id"], after_seq=data["last_seq"], sid=request.sid)
    for room in opening.rooms:
        join_room(room)
    if opening.presence_changed:
        broadcast.presence_changed(opening.channel.id)
    return {"ok": True, "last_seq": opening.channel.last_seq, "more": opening.more, "messages": opening.messages,
            "state": opening.state}


@on("leave")
def leave(data):
    """Stop reading a channel one reads; the others hear of it only if this socket was there."""
    channel = services.get_channel(current_user, data["channel_id"])
    leave_room(channel.room)
    for room in rooms():  # a guest's meeting room
        if is_meeting_room_of(channel.id, room):
            leave_room(room)
    leave_room(moderators_room(channel.id))
    if services.forget_presence(request.sid, channel.id):
        broadcast.presence_changed(channel.id)
    return {"ok": True}


# A send is answered within two seconds whatever is down; storing gets this long of it.
SEND_DEADLINE_SECONDS = 1.2


@on("send")
def send(data):
    """Persist, then broadcast, then acknowledge with the server id and the channel's sequence number.
    The database down or too slow: {"ok": false, "retry": true}, and the client sends it again (its
    client id makes the resend harmless)."""
    try:
        with services.send_deadline(SEND_DEADLINE_SECONDS):
            view, created = _store(data)
    except services.STORE_UNAVAILABLE as error:
        conduct.log("unavailable", "send not stored: %s", describe(error))
        return _unavailable(_l("Not sent yet. Trying again…"))
    if created:
        broadcast.new_message_view(view)
    return {"ok": True, "id": view["id"], "seq": view["seq"], "duplicate": not created}


def _store(data):
    # An ordinary member's post is decided and stored on the short path (two round trips on PostgreSQL);
    # anything else (a resend, a guest, a mute, a paused channel…) goes the full way, which also explains
    # refusals.
    quick = services.post_quickly(claimed_login_session_id(), data["channel_id"], data["client_id"], data["body"])
    if quick is not None:
        return quick
    channel = services.get_channel(current_user, data["channel_id"])
    message, created = services.post_message(current_user, channel, client_id=data["client_id"],
                                              body=data["body"])
    return getattr(message, "broadcast_view", None) or services.message_view(message, None), created


def _unavailable(error):
    """The database did not answer: its connections are not trusted again (nor asked to roll back, which
    could wait as long), and the client is told to try again (in the socket's language, known without the
    database)."""
    db.session().invalidate()
    return {"ok": False, "retry": True, "error": str(error)}


@on("latest")
def latest(data):
    """A reader's check, every few seconds, that no message passed it by: {channel_id} -> the channel's
    last sequence number (it fetches what it lacks). Only for a channel this socket has joined: joining
    checked access, and losing access takes the socket out of the channel's room."""
    channel_id = data["channel_id"]
    if not broadcast.has_joined(request.sid, channel_id):
        raise NotFound()
    try:
        with services.send_deadline(SEND_DEADLINE_SECONDS):
            seq = services.latest_seq(channel_id)
    except services.STORE_UNAVAILABLE as error:
        conduct.log("unavailable", "latest not read: %s", describe(error))
        return _unavailable(_l("The chat cannot be reached just now."))
    if seq is None:
        raise NotFound()
    return {"ok": True, "channel_id": channel_id, "last_seq": seq}


@on("fetch")
def fetch(data):
    """Fetch a missing range after a gap: {channel_id, from_seq, to_seq} or {channel_id, after_seq}."""
    channel = services.get_channel(current_user, data["channel_id"])
    if data["from_seq"] is not None:
        messages = services.messages_between(current_user, channel, data["from_seq"], data["to_seq"])
    else:
        messages = services.messages_after(current_user, channel, data["after_seq"])
    return {"ok": True, "last_seq": channel.last_seq,
            "messages": [services.message_view(m, current_user) for m in messages]}


@on("read")
def read(data):
    services.mark_read(current_user, services.get_channel(current_user, data["channel_id"]), data["seq"])
    return {"ok": True}


@on("typing")
def typing(data):
    channel = services.get_channel(current_user, data["channel_id"])
    emit("typing", {"channel_id": channel.id, "name": current_user.display_name,
                    "label": services.author_label(current_user, channel)},
         to=channel.room, include_self=False)
    return {"ok": True}


@on("react")
def react(data):
    message, channel = services.get_message(current_user, data["message_id"])
    broadcast.message_changed(services.toggle_reaction(current_user, message, channel, data["kind"]))
    return {"ok": True}


@on("report")
def report(data):
    message, channel = services.get_message(current_user, data["message_id"])
    services.report_message(current_user, message, channel, data["reason"])
    broadcast.reports_changed(channel)
    return {"ok": True}


@on("hide")
def hide(data):
    message, channel = services.get_message(current_user, data["message_id"])
    broadcast.message_changed(services.hide_message(current_user, message, channel, data["reason"]))
    return {"ok": True}


@on("moderate")
def moderate(data):
    """Leaders: {channel_id, paused: bool} and/or {channel_id, slow_mode_seconds: n}."""
    channel = services.get_channel(current_user, data["channel_id"])
    services.moderate_channel(current_user, channel, paused=data["paused"],
                              slow_mode_seconds=data["slow_mode_seconds"])
    broadcast.state_changed(channel)
    return {"ok": True}


@on("mute")
def mute(data):
    """Leaders: mute the author of a message for the rest of the meeting: {message_id}."""
    message, channel = services.get_message(current_user, data["message_id"])
    services.mute_author(current_user, message, channel)
    return {"ok": True}


def _live_changed(channel, result):
    if result is not None and result.closed_at is not None:
        broadcast.live_closed(channel, result)
    else:
        broadcast.live_changed(channel, result)
    return {"ok": True}


@on("open_live")
def open_live(data):
    channel = services.get_channel(current_user, data["channel_id"])
    return _live_changed(channel, services.open_live(current_user, channel, data["meeting_id"]))


@on("close_live")
def close_live(data):
    channel = services.get_channel(current_user, data["channel_id"])
    return _live_changed(channel, services.close_live(current_user, channel))


@on("raise_hand")
def raise_hand(data):
    channel = services.get_channel(current_user, data["channel_id"])
    return _live_changed(channel, services.raise_hand(current_user, channel))


@on("lower_hand")
def lower_hand(data):
    channel = services.get_channel(current_user, data["channel_id"])
    return _live_changed(channel, services.lower_hand(current_user, channel, data["user_id"]))


@on("give_floor")
def give_floor(data):
    """Leaders: {channel_id} gives the floor to the first in the queue; {channel_id, user_id} to that person."""
    channel = services.get_channel(current_user, data["channel_id"])
    return _live_changed(channel, services.give_floor(current_user, channel, data["user_id"]))
