"""The Socket.IO server on the app: its packets, its origin, its security headers and its path in the URL map."""

from flask import abort

from . import security
from .chat.payloads import SocketPacket
from .extensions import socketio


def configure(app):
    socketio.init_app(
        app,
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        cors_allowed_origins=[],  # the Origin is checked against the app's own host
        manage_session=False,
        serializer=SocketPacket,  # what a client sends that cannot be read is answered, not a traceback
    )
    security.cover_socketio_transport(app)
    # Every Socket.IO event runs in a request context built from its socket's handshake. A rule for that
    # path keeps the URL matching from raising a 404 for each event, whose traceback would tie the
    # context into a reference cycle for the garbage collector to find. The middleware answers the
    # path itself, so this view is never reached.
    for websocket in (False, True):  # long-polling and WebSocket handshakes
        app.add_url_rule("/socket.io/", "socketio_websocket" if websocket else "socketio_polling",
                         _answered_by_socketio, strict_slashes=False, websocket=websocket)


def _answered_by_socketio():
    abort(404)
