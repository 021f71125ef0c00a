"""The outbox survives its sender being killed: `flask send-notifications` is SIGKILLed while a push is in
flight, a new one is started, and every device gets every notification exactly once. On PostgreSQL when
TEST_DATABASE_URL is set (rows claimed with SKIP LOCKED), and on a SQLite file."""
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from aftercare import create_app
from aftercare.accounts.models import LoginSession
from aftercare.database import normalise_url
from aftercare.extensions import db
from aftercare.notifications import services
from aftercare.notifications.models import Delivery, DeliveryState, NotificationChoices, PushSubscription

from ..conftest import suite_config
from ..factories import Factories
from .webpush import Browser, PushService, vapid_keys

ROOT = Path(__file__).resolve().parents[2]
DEVICES, NOTIFICATIONS, KILL_AT = 3, 12, 10


def _databases(tmp_path):
    yield "sqlite", "sqlite:///" + str(tmp_path / "outbox.sqlite3"), None
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        url = make_url(normalise_url(base))
        name = f"aftercare_outbox_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))

        def drop():
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

        yield "postgresql", url.set(database=name).render_as_string(hide_password=False), drop


def _seed(app, push_service):
    """One person with three devices, twelve notifications: 36 pushes queued."""
    browsers = {}
    with app.app_context():
        user = Factories().user()
        login = LoginSession(public_id=uuid.uuid4().hex, user_id=user.id)
        db.session.add(login)
        db.session.add(NotificationChoices(user_id=user.id, quiet_from=0, quiet_until=0))  # any hour will do
        db.session.flush()
        for number in range(DEVICES):
            browser = Browser()
            keys = browser.keys()
            db.session.add(PushSubscription(user_id=user.id, login_session_id=login.id,
                                            endpoint=f"{push_service.url}/device/{number}", p256dh=keys["p256dh"],
                                            auth=keys["auth"]))
            browsers[f"/device/{number}"] = browser
        db.session.commit()
        for number in range(NOTIFICATIONS):
            services.notify([user.id], "group_no_leader", link=f"/groups/{number}", group="Torsdagsgruppa")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Delivery)) == DEVICES * NOTIFICATIONS
    return browsers


def _undone(app):
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Delivery).where(
            Delivery.state.in_((DeliveryState.PENDING, DeliveryState.SENDING))))
        db.session.remove()
        return count


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_sender_killed_mid_batch_leaves_nothing_undelivered_and_nothing_twice(tmp_path, database):
    found = {kind: (url, cleanup) for kind, url, cleanup in _databases(tmp_path)}
    if database not in found:
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")
    url, cleanup = found[database]
    private, public = vapid_keys()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="outbox-secret", FLASK_APP="aftercare",
               VAPID_PRIVATE_KEY=private, VAPID_PUBLIC_KEY=public, NOTIFICATION_CLAIM_SECONDS="2",
               NOTIFICATION_SEND_SECONDS="0.2")
    env.pop("REDIS_URL", None)
    senders, app = [], None
    try:
        subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=url, VAPID_PRIVATE_KEY=private,
                                      VAPID_PUBLIC_KEY=public))
        with PushService() as push_service:
            browsers = _seed(app, push_service)
            killed = threading.Event()

            def kill_while_in_flight(received):
                # The tenth push has reached the push service and its sender waits for the answer: kill it.
                if len(push_service.received) == KILL_AT:
                    os.kill(senders[0].pid, signal.SIGKILL)
                    senders[0].wait()
                    killed.set()

            push_service.on_request = kill_while_in_flight
            log = open(tmp_path / "sender.log", "w")
            senders.append(subprocess.Popen([sys.executable, "-m", "flask", "send-notifications"], cwd=ROOT,
                                            env=env, stdout=log, stderr=subprocess.STDOUT))
            assert killed.wait(60), (tmp_path / "sender.log").read_text()
            assert len(push_service.received) == KILL_AT
            assert _undone(app) == DEVICES * NOTIFICATIONS - KILL_AT + 1  # the one in flight is undecided

            push_service.on_request = None
            senders.append(subprocess.Popen([sys.executable, "-m", "flask", "send-notifications"], cwd=ROOT,
                                            env=env, stdout=log, stderr=subprocess.STDOUT))
            deadline = time.time() + 90
            while _undone(app):
                assert time.time() < deadline, (tmp_path / "sender.log").read_text()
                time.sleep(0.2)
            time.sleep(0.5)  # anything sent twice would have arrived by now

            delivered = Counter((push.path, browsers[push.path].decrypt(push.body)["url"])
                                for push in push_service.received)
            assert set(delivered.values()) == {1}
            assert len(delivered) == DEVICES * NOTIFICATIONS
            with app.app_context():
                states = Counter(db.session.scalars(select(Delivery.state)))
                interrupted = db.session.scalars(select(Delivery.last_error).where(
                    Delivery.state == DeliveryState.FAILED)).all()
            # The push in flight at the kill reached the service; it is not made again, and says why.
            assert states == {DeliveryState.SENT: DEVICES * NOTIFICATIONS - 1, DeliveryState.FAILED: 1}
            assert interrupted == ["interrupted"]
    finally:
        for sender in senders:
            if sender.poll() is None:
                sender.terminate()
                sender.wait(10)
        if app is not None:
            with app.app_context():
                db.engine.dispose()
        if cleanup:
            cleanup()
