"""Socket.IO handlers: thin; every event is authorised again through the services."""
from urllib.parse import urlsplit

from flask import current_app, request, session
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room, leave_room
from flask_wtf.csrf import ValidationError, validate_csrf

from .. import policy
from ..exceptions import ServiceError
from ..extensions import db, socketio
from . import broadcast, services


def _same_origin():
    origin = request.headers.get("Origin")
    if not origin:
        return False
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


@socketio.on("connect")
def connect(auth):
    if not current_user.is_authenticated:
        raise ConnectionRefusedError(_("Log in to use the chat."))
    if policy.is_blocked_until_two_factor(current_user):
        raise ConnectionRefusedError(_("Set up two-factor sign-in first."))
    if not _same_origin():
        current_app.logger.warning("socket refused: origin %r is not %r", request.headers.get("Origin"),
                                   request.host_url)
        raise ConnectionRefusedError(_("This connection did not come from this site."))
    try:
        validate_csrf((auth or {}).get("csrf_token") if isinstance(auth, dict) else None)
    except ValidationError:
        raise ConnectionRefusedError(_("Reload the page to chat (the security token expired)."))
    join_room(broadcast.user_room(current_user.id))
    join_room(broadcast.login_room(session.get("_user_id")))
    broadcast.ensure_sweeper(current_app._get_current_object())


@socketio.on("disconnect")
def disconnect(*_args):
    for channel_id in services.forget_presence(request.sid):
        broadcast.presence_changed(channel_id)


def _fail(error):
    db.session.rollback()
    return {"ok": False, "error": str(error.message) if error.message else _("Not found.")}


@socketio.on("join")
def join(data):
    """Start reading a channel: returns what was missed since `last_seq` and who is here."""
    try:
        channel = services.get_channel(current_user, (data or {}).get("channel_id"))
        missed = services.messages_after(current_user, channel, (data or {}).get("last_seq", 0))
    except ServiceError as error:
        return _fail(error)
    join_room(channel.room)
    services.note_guest_reading(current_user, channel)
    if policy.can_moderate_channel(current_user, channel):
        join_room(f"moderators:{channel.id}")
    services.note_presence(current_user, channel, request.sid)
    broadcast.presence_changed(channel.id)
    return {"ok": True, "last_seq": channel.last_seq, "more": bool(missed) and missed[-1].seq < channel.last_seq,
            "messages": [services.message_view(m, current_user) for m in missed],
            "state": broadcast.channel_state(channel, current_user)}


@socketio.on("leave")
def leave(data):
    channel_id = (data or {}).get("channel_id")
    if isinstance(channel_id, int):
        leave_room(f"channel:{channel_id}")
        services.forget_presence(request.sid, channel_id)
        broadcast.presence_changed(channel_id)
    return {"ok": True}


# A send is answered within two seconds whatever is down; storing gets this long of it.
SEND_DEADLINE_SECONDS = 1.2


@socketio.on("send")
def send(data):
    """Persist, then broadcast, then acknowledge with the server id and the channel's sequence number.
    The database down or too slow: {"ok": false, "retry": true}, and the client sends it again (its
    client id makes the resend harmless)."""
    data = data if isinstance(data, dict) else {}
    try:
        with services.send_deadline(SEND_DEADLINE_SECONDS):
            view, created = _store(data)
    except ServiceError as error:
        return _fail(error)
    except services.STORE_UNAVAILABLE as error:
        current_app.logger.warning("send not stored: %s", type(error).__name__)
        return _answer_without_database(retry=True, error=_l("Not sent yet. Trying again…"))
    if created:
        broadcast.new_message_view(view)
    return {"ok": True, "id": view["id"], "seq": view["seq"], "duplicate": not created}


def _store(data):
    # An ordinary member's post is decided and stored on the short path (two round trips on PostgreSQL);
    # anything else (a resend, a guest, a mute, a paused channel…) goes the full way, which also explains
    # refusals.
    quick = services.post_quickly(session.get("_user_id"), data.get("channel_id"), data.get("client_id"),
                                  data.get("body"))
    if quick is not None:
        return quick
    channel = services.get_channel(current_user, data.get("channel_id"))
    message, created = services.post_message(current_user, channel, client_id=data.get("client_id"),
                                              body=data.get("body"))
    return getattr(message, "broadcast_view", None) or services.message_view(message, None), created


def _answer_without_database(error, **fields):
    """A refusal worded in a language chosen without the database (the person's own setting lives in their
    account, which cannot be read while the database is down): what they chose on this device, else what
    their browser asks for. The page shows its own words for it; this is for other clients."""
    if fields.get("retry"):
        # The database did not answer: its connections are not trusted again (nor asked to roll back,
        # which could wait as long).
        db.session().invalidate()
    chosen = session.get("locale")
    if chosen not in current_app.config["LANGUAGES"]:
        wanted = [lang.lower().split("-")[0].split("_")[0] for lang, _q in request.accept_languages]
        chosen = next(("nb" if lang in ("no", "nn") else lang for lang in wanted
                       if lang in ("no", "nn") or lang in current_app.config["LANGUAGES"]),
                      current_app.config["BABEL_DEFAULT_LOCALE"])
    with force_locale(chosen):
        return dict(fields, ok=False, error=str(error))


@socketio.on("latest")
def latest(data):
    """A reader's check, every few seconds, that no message passed it by: {channel_id} -> the channel's
    last sequence number (it fetches what it lacks). Only for a channel this socket has joined: joining
    checked access, and losing access takes the socket out of the channel's room."""
    channel_id = data.get("channel_id") if isinstance(data, dict) else None
    if not broadcast.has_joined(request.sid, channel_id):
        return _answer_without_database(error=_l("Not found."))
    try:
        with services.send_deadline(SEND_DEADLINE_SECONDS):
            seq = services.latest_seq(channel_id)
    except services.STORE_UNAVAILABLE as error:
        current_app.logger.warning("latest not read: %s", type(error).__name__)
        return _answer_without_database(retry=True, error=_l("The chat cannot be reached just now."))
    if seq is None:
        return _answer_without_database(error=_l("Not found."))
    return {"ok": True, "channel_id": channel_id, "last_seq": seq}


@socketio.on("fetch")
def fetch(data):
    """Fetch a missing range after a gap: {channel_id, from_seq, to_seq} or {channel_id, after_seq}."""
    data = data or {}
    try:
        channel = services.get_channel(current_user, data.get("channel_id"))
        if "from_seq" in data:
            messages = services.messages_between(current_user, channel, data["from_seq"], data["to_seq"])
        else:
            messages = services.messages_after(current_user, channel, data.get("after_seq", 0))
    except (ServiceError, TypeError, ValueError) as error:
        return _fail(error if isinstance(error, ServiceError) else ServiceError(_("Bad request.")))
    return {"ok": True, "last_seq": channel.last_seq,
            "messages": [services.message_view(m, current_user) for m in messages]}


@socketio.on("read")
def read(data):
    data = data or {}
    try:
        channel = services.get_channel(current_user, data.get("channel_id"))
        services.mark_read(current_user, channel, int(data.get("seq", 0)))
    except (ServiceError, TypeError, ValueError) as error:
        return _fail(error if isinstance(error, ServiceError) else ServiceError(_("Bad request.")))
    return {"ok": True}


@socketio.on("typing")
def typing(data):
    try:
        channel = services.get_channel(current_user, (data or {}).get("channel_id"))
    except ServiceError as error:
        return _fail(error)
    emit("typing", {"channel_id": channel.id, "name": current_user.display_name},
         to=channel.room, include_self=False)
    return {"ok": True}


@socketio.on("react")
def react(data):
    data = data or {}
    try:
        message, channel = services.get_message(current_user, data.get("message_id"))
        message = services.toggle_reaction(current_user, message, channel, data.get("kind"))
    except ServiceError as error:
        return _fail(error)
    broadcast.message_changed(message)
    return {"ok": True}


@socketio.on("report")
def report(data):
    data = data or {}
    try:
        message, channel = services.get_message(current_user, data.get("message_id"))
        services.report_message(current_user, message, channel, data.get("reason", ""))
    except ServiceError as error:
        return _fail(error)
    broadcast.reports_changed(channel)
    return {"ok": True}


@socketio.on("hide")
def hide(data):
    data = data or {}
    try:
        message, channel = services.get_message(current_user, data.get("message_id"))
        message = services.hide_message(current_user, message, channel, data.get("reason"))
    except ServiceError as error:
        return _fail(error)
    broadcast.message_changed(message)
    return {"ok": True}


@socketio.on("moderate")
def moderate(data):
    """Leaders: {channel_id, paused: bool} or {channel_id, slow_mode_seconds: n}."""
    data = data or {}
    try:
        channel = services.get_channel(current_user, data.get("channel_id"))
        if "paused" in data:
            services.set_paused(current_user, channel, bool(data["paused"]))
        if "slow_mode_seconds" in data:
            services.set_slow_mode(current_user, channel, data["slow_mode_seconds"])
    except (ServiceError, TypeError, ValueError) as error:
        return _fail(error if isinstance(error, ServiceError) else ServiceError(_("Bad request.")))
    broadcast.state_changed(channel)
    return {"ok": True}


@socketio.on("mute")
def mute(data):
    """Leaders: mute the author of a message for the rest of the meeting: {message_id}."""
    data = data or {}
    try:
        message, channel = services.get_message(current_user, data.get("message_id"))
        services.mute_author(current_user, message, channel)
    except ServiceError as error:
        return _fail(error)
    return {"ok": True}


def _live_event(data, action):
    data = data or {}
    try:
        channel = services.get_channel(current_user, data.get("channel_id"))
        result = action(channel, data)
    except (ServiceError, TypeError, ValueError) as error:
        return _fail(error if isinstance(error, ServiceError) else ServiceError(_("Bad request.")))
    if result is not None and result.closed_at is not None:
        broadcast.live_closed(channel, result)
    else:
        broadcast.live_changed(channel, result)
    return {"ok": True}


@socketio.on("open_live")
def open_live(data):
    return _live_event(data, lambda channel, d: services.open_live(current_user, channel, d.get("meeting_id")))


@socketio.on("close_live")
def close_live(data):
    return _live_event(data, lambda channel, d: services.close_live(current_user, channel))


@socketio.on("raise_hand")
def raise_hand(data):
    return _live_event(data, lambda channel, d: services.raise_hand(current_user, channel))


@socketio.on("lower_hand")
def lower_hand(data):
    return _live_event(data, lambda channel, d: services.lower_hand(current_user, channel, d.get("user_id")))


@socketio.on("give_floor")
def give_floor(data):
    """Leaders: {channel_id} gives the floor to the first in the queue; {channel_id, user_id} to that person."""
    return _live_event(data, lambda channel, d: services.give_floor(current_user, channel, d.get("user_id")))


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
                    broadcast.disconnect_ended_logins()
                except Exception:  # keep sweeping; the next round tries again
                    current_app.logger.exception("chat sweep failed")
                    db.session.rollback()
                finally:
                    db.session.remove()

    socketio.start_background_task(sweep)
    if app.config.get("SOCKETIO_MESSAGE_QUEUE"):
        socketio.start_background_task(broadcast.listen_for_ended_logins, app)
