"""Database setup: the embedded SQLite default (WAL, busy timeout) or PostgreSQL via psycopg 3."""
import collections
import os
import threading

from flask import current_app
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlalchemy.util import queue as sqla_queue

from .extensions import db


def normalise_url(url):
    """Point plain postgres:// URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def configure(app):
    url = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "aftercare.sqlite3")
    url = normalise_url(url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    # A database error's message would otherwise list the statement's parameters: what people wrote.
    options.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        timeout = app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
        options.setdefault("connect_args", {}).setdefault("timeout", timeout)
        if not _in_memory(url):  # (an in-memory database keeps SQLAlchemy's one-connection pool)
            options.setdefault("poolclass", FairQueuePool)
    else:
        options.setdefault("poolclass", FairQueuePool)
        options.setdefault("pool_pre_ping", True)
        options.setdefault("pool_size", app.config["DATABASE_POOL_SIZE"])
        options.setdefault("max_overflow", app.config["DATABASE_MAX_OVERFLOW"])
        # A database that is down or unreachable fails a request in seconds instead of hanging it.
        options.setdefault("pool_timeout", app.config["DATABASE_POOL_TIMEOUT"])
        options["connect_args"] = _failing_fast(app, options.get("connect_args"))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)


def _in_memory(url):
    return url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url


class _FairQueue(sqla_queue.Queue):
    """The pool's idle connections, handed out first come, first served.

    SQLAlchemy's queue lets whoever asks at the moment a connection comes back take it, before those
    already waiting (they are only woken, and go back to the end of the line when it is gone). In one
    gevent process, where every request holds its connection until it ends and most of that time waits
    its turn for the CPU, a full pool then serves some requests at once and leaves others waiting, some
    until DATABASE_POOL_TIMEOUT fails them, though the pool is moving. Here a connection given back goes
    straight to the one who has waited longest, so the wait is the line ahead and no longer."""

    def __init__(self, maxsize=0, use_lifo=False):
        super().__init__(maxsize, use_lifo)
        self._waiters = collections.deque()

    def get(self, block=True, timeout=None):
        with self.mutex:
            if not self._waiters and not self._empty():
                return self._get()
            if not block:
                raise sqla_queue.Empty
            waiter = _Waiter()
            self._waiters.append(waiter)
        try:
            handed = waiter.event.wait(timeout)
        except BaseException:  # a deadline (gevent.Timeout) or an interrupt while waiting
            with self.mutex:
                if waiter.item is None:
                    self._waiters.remove(waiter)
                    raise
                # Handed one just then: it goes on to the next in line, or back among the idle ones (one
                # over the size at worst: the pool closes the next one given back while it is full).
                if not self._hand_over(waiter.item):
                    self._put(waiter.item)
            raise
        if not handed:
            with self.mutex:
                if waiter.item is None:  # (one handed over at the last moment is still taken)
                    self._waiters.remove(waiter)
                    raise sqla_queue.Empty
        return waiter.item

    def _hand_over(self, item):
        """To the longest waiting, if anyone waits (the mutex held)."""
        if not self._waiters:
            return False
        waiter = self._waiters.popleft()
        waiter.item = item
        waiter.event.set()
        return True

    def put(self, item, block=True, timeout=None):
        with self.mutex:
            if self._hand_over(item):
                return
            if not self._full():
                self._put(item)
                return
            if not block:  # the pool keeps no more idle ones: the caller closes it (an overflow connection)
                raise sqla_queue.Full
        super().put(item, block, timeout)


class _Waiter:
    __slots__ = ("event", "item")

    def __init__(self):
        self.event = threading.Event()  # a gevent event where gevent has patched threading
        self.item = None


class FairQueuePool(QueuePool):
    """QueuePool (the same size, overflow and timeout) whose waiters are served in the order they came."""

    _queue_class = _FairQueue


def _failing_fast(app, connect_args, statement_timeout_ms=None):
    """psycopg connection arguments: give up connecting after DATABASE_CONNECT_TIMEOUT seconds (libpq's
    minimum is 2), drop a connection whose packets go unanswered for as long (a host that vanished
    rather than closed), and, when given, cap each statement's time on the server."""
    connect_args = dict(connect_args or {})
    timeout = app.config["DATABASE_CONNECT_TIMEOUT"]
    connect_args.setdefault("connect_timeout", timeout)
    connect_args.setdefault("tcp_user_timeout", max(timeout, 2) * 1000)
    if statement_timeout_ms:
        extra = f"-c statement_timeout={int(statement_timeout_ms)}"
        connect_args["options"] = f"{connect_args['options']} {extra}" if connect_args.get("options") else extra
    return connect_args


def autocommit_engine(app=None):
    """PostgreSQL: a second, small pool in autocommit with no ping on checkout, for hot paths whose every
    statement stands alone (the chat's send path). No BEGIN or COMMIT round trips; a connection that died
    shows up as the driver's OperationalError, and the caller falls back to the main pool.
    It never opens connections beyond its size (opening and closing them in bursts cost more than a short
    wait for one); a caller that waits longer than AUTOCOMMIT_POOL_TIMEOUT seconds falls back too. Its
    statements stop on the server after DATABASE_SEND_STATEMENT_TIMEOUT_MS."""
    app = app or current_app._get_current_object()
    engine = app.extensions.get("aftercare_autocommit_engine")
    if engine is None:
        connect_args = (app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}).get("connect_args")
        engine = create_engine(db.engine.url, isolation_level="AUTOCOMMIT", pool_pre_ping=False, hide_parameters=True,
                               pool_size=app.config["DATABASE_AUTOCOMMIT_POOL_SIZE"], max_overflow=0,
                               pool_timeout=AUTOCOMMIT_POOL_TIMEOUT,
                               connect_args=_failing_fast(app, connect_args,
                                                          app.config["DATABASE_SEND_STATEMENT_TIMEOUT_MS"]))
        app.extensions["aftercare_autocommit_engine"] = engine
    return engine


# Short: the send path must answer within two seconds even when every connection is stuck.
AUTOCOMMIT_POOL_TIMEOUT = 1


def dispose(app):
    """Close every pooled connection this app holds."""
    db.engine.dispose()
    engine = app.extensions.pop("aftercare_autocommit_engine", None)
    if engine is not None:
        engine.dispose()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL lets readers work while one writer commits; foreign keys are off by default in SQLite."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
