"""Reference for bench/chat_load.py: a bare python-socketio broadcast server (no auth, no database).

Serve with: gunicorn -k gevent -w 1 -b 127.0.0.1:5601 bench.bare_server:app
It speaks the same events as the app's chat: join {channel_id} and send {channel_id, client_id, body},
broadcasting "message" to the channel's room and acknowledging with an id and a sequence number.
"""
import itertools

import socketio

sio = socketio.Server(async_mode="gevent", cors_allowed_origins="*")
app = socketio.WSGIApp(sio)
_ids = itertools.count(1)
_seqs = {}


@sio.on("join")
def join(sid, data):
    channel_id = data["channel_id"]
    sio.enter_room(sid, f"channel:{channel_id}")
    return {"ok": True, "last_seq": _seqs.get(channel_id, 0), "messages": []}


@sio.on("send")
def send(sid, data):
    channel_id = data["channel_id"]
    seq = _seqs[channel_id] = _seqs.get(channel_id, 0) + 1
    message = {"id": next(_ids), "channel_id": channel_id, "seq": seq, "body": data["body"],
               "client_id": data["client_id"]}
    sio.emit("message", message, to=f"channel:{channel_id}")
    return {"ok": True, "id": message["id"], "seq": seq}
