"""The main pool serves those waiting for a connection first come, first served: a connection given back
goes to the longest waiting, never to one who asked later; a wait that gives up (timeout, deadline) leaves
no place in line behind and loses no connection. Same size, overflow and timeout as SQLAlchemy's."""
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.util import queue as sqla_queue

from aftercare.database import FairQueuePool, _FairQueue
from aftercare.extensions import db


def _waiting(queue, count, seconds=2):
    deadline = time.monotonic() + seconds
    while len(queue._waiters) < count:
        assert time.monotonic() < deadline, f"{count} waiting"
        time.sleep(0.005)


def test_the_app_uses_the_fair_pool_with_its_settings(app):
    pool = db.engine.pool
    assert isinstance(pool, FairQueuePool) and isinstance(pool._pool, _FairQueue)
    if db.engine.dialect.name == "postgresql":
        assert pool.size() == app.config["DATABASE_POOL_SIZE"]
        assert pool.timeout() == app.config["DATABASE_POOL_TIMEOUT"]
    assert db.session.execute(text("SELECT 1")).scalar() == 1


def test_waiters_are_served_in_the_order_they_came_and_latecomers_do_not_jump_the_line():
    queue = _FairQueue(2)
    served = []

    def wait(name):
        served.append((name, queue.get(True, 5)))

    threads = []
    for name in ("first", "second", "third"):
        thread = threading.Thread(target=wait, args=(name,))
        thread.start()
        threads.append(thread)
        _waiting(queue, len(threads))
    queue.put("a")
    # One who asks now finds nothing idle: "a" is the first waiter's, though it may not have run yet.
    with pytest.raises(sqla_queue.Empty):
        queue.get(False)
    queue.put("b")
    queue.put("c")
    for thread in threads:
        thread.join(5)
    assert sorted(served) == [("first", "a"), ("second", "b"), ("third", "c")]
    assert queue.qsize() == 0 and not queue._waiters


def test_idle_connections_are_taken_at_once_and_a_full_queue_refuses_more():
    queue = _FairQueue(1)
    queue.put("a")
    with pytest.raises(sqla_queue.Full):  # the pool closes such an overflow connection
        queue.put("b", False)
    assert queue.get(False) == "a"
    with pytest.raises(sqla_queue.Empty):
        queue.get(False)


def test_a_wait_that_times_out_leaves_the_line():
    queue = _FairQueue(1)
    started = time.monotonic()
    with pytest.raises(sqla_queue.Empty):
        queue.get(True, 0.05)
    assert time.monotonic() - started >= 0.05
    assert not queue._waiters
    queue.put("a")  # nobody waits: it stays idle for the next
    assert queue.qsize() == 1 and queue.get(False) == "a"


class _Interrupted(Exception):
    pass


def test_a_wait_cut_short_leaves_the_line_and_a_connection_handed_to_it_goes_on(monkeypatch):
    from aftercare import database

    queue = _FairQueue(1)
    real_waiter = database._Waiter

    def waiter_whose_wait_is_cut(hand_over_first):
        """A waiter whose wait is cut (as gevent.Timeout cuts it), after or before it was handed one."""

        class Event:
            def wait(self, _timeout=None):
                if hand_over_first:
                    queue.put("a")  # given back while this one waits: handed to it
                raise _Interrupted

            def set(self):
                pass

        def make():
            waiter = real_waiter()
            waiter.event = Event()
            return waiter

        return make

    monkeypatch.setattr(database, "_Waiter", waiter_whose_wait_is_cut(True))
    with pytest.raises(_Interrupted):
        queue.get(True, 1)
    assert not queue._waiters
    assert queue.get(False) == "a"  # not lost: back among the idle ones

    monkeypatch.setattr(database, "_Waiter", waiter_whose_wait_is_cut(False))
    with pytest.raises(_Interrupted):
        queue.get(True, 1)
    assert not queue._waiters  # it only left the line
    queue.put("b")
    assert queue.get(False) == "b"


def test_the_pool_keeps_sqlalchemys_size_overflow_and_timeout(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'pool.sqlite3'}", poolclass=FairQueuePool, pool_size=1,
                           max_overflow=1, pool_timeout=0.1)
    try:
        first, second = engine.connect(), engine.connect()  # the one kept and the one overflow
        with pytest.raises(PoolTimeout):
            engine.connect()
        assert engine.pool.checkedout() == 2
        second.close()
        assert engine.pool.checkedin() == 1 and engine.pool.checkedout() == 1
        first.close()  # one more than the pool keeps: closed
        assert engine.pool.checkedin() == 1 and engine.pool.checkedout() == 0 and engine.pool.overflow() == 0

        # A waiter is handed the connection given back, in order, across threads.
        held = engine.connect()
        got = []

        def wait():
            with engine.connect() as connection:
                got.append(connection.execute(text("SELECT 2")).scalar())

        engine.pool._timeout = 5
        other = engine.connect()  # overflow used up: the next one waits
        thread = threading.Thread(target=wait)
        thread.start()
        _waiting(engine.pool._pool, 1)
        held.close()
        thread.join(5)
        other.close()
        assert got == [2]
        assert engine.pool.checkedout() == 0
    finally:
        engine.dispose()
