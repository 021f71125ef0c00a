"""The database down or slow: a send is answered in time all the same, and readers check that no
message passed them by."""
import time
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import select

from ...extensions import db
from ..models import Channel

__all__ = ["StoreTimedOut", "STORE_UNAVAILABLE", "send_deadline", "latest_seq"]

class StoreTimedOut(Exception):
    """Storing a post took longer than the send's deadline (a database that does not answer)."""


def _unavailable_errors():
    from sqlalchemy import exc

    errors = [exc.OperationalError, exc.InterfaceError, exc.TimeoutError, exc.DisconnectionError, StoreTimedOut]
    try:
        import psycopg
    except ImportError:
        pass
    else:
        errors += [psycopg.OperationalError, psycopg.InterfaceError]
    return tuple(errors)


# What a send meets when the database is down, restarting or stuck; the client sends the post again.
STORE_UNAVAILABLE = _unavailable_errors()


@contextmanager
def send_deadline(seconds):
    """Raise StoreTimedOut if the body takes longer than `seconds` (with gevent, the production server;
    elsewhere the database is local and the body runs as it is). The cut is a gevent.Timeout, which
    SQLAlchemy and the short path take as a reason to discard the connection mid-statement."""
    from ...extensions import socketio

    if not str(getattr(socketio.server.eio, "async_mode", "")).startswith("gevent"):
        yield
        return
    from gevent import Timeout

    timer = Timeout(seconds)
    started = time.monotonic()
    timer.start()
    try:
        yield
    except Timeout as error:
        if error is not timer:
            raise
        raise StoreTimedOut() from None
    except Exception as error:
        # Cleaning up after the cut can fail in its own way (a pool's ping half done): still the deadline.
        if time.monotonic() - started >= seconds:
            raise StoreTimedOut() from error
        raise
    finally:
        timer.close()


# --- the readers' check for messages they missed ---

def latest_seq(channel_id):
    """The channel's last sequence number, for readers checking every few seconds that nothing passed
    them by (a broadcast lost while Redis was down). The caller has checked that the socket reads the
    channel. Read from the database at most once per CHAT_LATEST_SEQ_CACHE_SECONDS per process and
    channel, however many readers ask; None for a channel that does not exist."""
    cache = current_app.extensions.setdefault("aftercare_latest_seq", {})
    max_age = current_app.config["CHAT_LATEST_SEQ_CACHE_SECONDS"]
    cached = cache.get(channel_id)
    if cached is not None and time.monotonic() - cached[0] < max_age:
        return cached[1]
    seq = db.session.scalar(select(Channel.last_seq).where(Channel.id == channel_id))
    if max_age and seq is not None:
        if len(cache) > 10000:
            cache.clear()
        cache[channel_id] = (time.monotonic(), seq)
    return seq
