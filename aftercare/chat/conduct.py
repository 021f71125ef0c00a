"""Per socket: the language it is answered in, its bad events, and rate-limited, content-free logs.

The state lives in the socket's handshake environ, which every event of that socket shares and which
goes away with it, so nothing here needs cleaning up or touches the database: an answer can always be
given, in the person's language, even when the database is down.
"""
import time
from collections import deque

from flask import current_app, request

BAD_EVENT_BURST = 20  # this many bad events within BAD_EVENT_WINDOW seconds drop the socket
BAD_EVENT_WINDOW = 10
LOG_WINDOW = 60  # one socket writes at most one line of each kind per this many seconds

_STATE = "aftercare.socket"


class SocketState:
    __slots__ = ("locale", "user_id", "bad", "logged_until", "unlogged")

    def __init__(self, locale, user_id):
        self.locale, self.user_id = locale, user_id
        self.bad = deque(maxlen=BAD_EVENT_BURST)
        self.logged_until, self.unlogged = {}, {}


def remember(locale, user_id):
    """At connect: the language this socket is answered in and whose it is."""
    request.environ[_STATE] = SocketState(str(locale), user_id)


def state():
    """This socket's state; a socket that never got through connect has a default one."""
    found = request.environ.get(_STATE)
    if found is None:
        found = request.environ[_STATE] = SocketState(None, None)
    return found


def answer_locale():
    """The language of the socket's answers: known since connect, so that no answer needs the database
    (before that, the one the browser asks for)."""
    from ..i18n import request_locale

    return state().locale or request_locale()


def _sid():
    return getattr(request, "sid", None)


def log(kind, message, *args, level="warning"):
    """Log `message % args` at most once per LOG_WINDOW per socket and kind; the next line after a quiet
    window says how many were left out. `args` must be event names, ids and error classes only."""
    current = state()
    now = time.monotonic()
    if now < current.logged_until.get(kind, 0):
        current.unlogged[kind] = current.unlogged.get(kind, 0) + 1
        return
    current.logged_until[kind] = now + LOG_WINDOW
    left_out = current.unlogged.pop(kind, 0)
    suffix = f" (and {left_out} more like it in the last {LOG_WINDOW} s)" if left_out else ""
    getattr(current_app.logger, level)("socket %s of user %s: " + message + suffix, _sid(), current.user_id, *args)


def note_bad_event(event, reason):
    """Count a bad event (a malformed payload, an unknown event, an id the person may not know); log it
    (rate-limited). Returns True when the socket sent a burst of them and is to be dropped."""
    current = state()
    now = time.monotonic()
    current.bad.append(now)
    log("bad-event", "bad event %s (%s)", event, reason)
    if len(current.bad) == BAD_EVENT_BURST and now - current.bad[0] <= BAD_EVENT_WINDOW:
        current_app.logger.warning("socket %s of user %s dropped after %d bad events within %d s",
                                   _sid(), current.user_id, BAD_EVENT_BURST, BAD_EVENT_WINDOW)
        current.bad.clear()
        return True
    return False
