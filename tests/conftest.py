"""Shared fixtures: the app on SQLite (or TEST_DATABASE_URL), clients, a login helper, factories."""
import os
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from aftercare import create_app, database
from aftercare.config import TestConfig
from aftercare.extensions import db, limiter, socketio

from .factories import DEFAULT_PASSWORD, Factories, factory_totp_secret

ROOT = Path(__file__).resolve().parent.parent


def _compile_translations():
    """Tests read the bokmål catalogue; compile it if the .mo is missing or older than the .po."""
    po = ROOT / "aftercare" / "translations" / "nb" / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-d",
                        str(ROOT / "aftercare" / "translations")], check=True, capture_output=True)


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (own `g` and database session), as in production,
    even though the test itself holds an app context open for its own queries."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def suite_config(**overrides):
    """The suite's settings. Every app a test creates must use them: the extensions (one Limiter, one
    SocketIO) are shared, and the last app created decides, for instance, the rate-limit store."""
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config["RATELIMIT_KEY_PREFIX"] = f"aftercare-test-{os.getpid()}"
    config.update(overrides)
    if str(config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("postgres"):
        # Tests need no durability: commits do not wait for the disk.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": "-c synchronous_commit=off"}}
    return config


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    _compile_translations()
    config = suite_config()
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    app = create_app(config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        database.dispose(app)


def _empty_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    # DELETE, children first: on tables this small it is ~50× faster than one TRUNCATE of them all.
    for table in tables:
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_app):
    """The test app with empty tables, fresh rate limits and the test config restored afterwards."""
    saved = dict(_app.config)
    with _app.app_context():
        _empty_tables()
        limiter.reset()
        yield _app
        db.session.remove()
    _app.config.clear()
    _app.config.update(saved)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def factories(app):
    return Factories()


@pytest.fixture
def make_user(factories):
    return factories.user


@pytest.fixture
def make_group(factories):
    return factories.group


def complete_second_step(test_client, username):
    """Answer the code step of logging in with the user's current TOTP code.

    The test forgets the last used time step first: tests log the same person in several times
    within one 30-second step, which replay protection would rightly refuse."""
    from aftercare.accounts.models import User

    # An UPDATE, not an attribute change: the test's copy of the user may already hold None while the
    # database holds the step of an earlier login.
    db.session.execute(update(User).where(User.username == username).values(totp_last_step=None))
    db.session.commit()
    secret = db.session.scalar(select(User.totp_secret).where(User.username == username)) \
        or factory_totp_secret(username)
    return test_client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})


@pytest.fixture
def login(app):
    """login(client, user, password=DEFAULT_PASSWORD) -> the response of the login form.

    For a user with two-factor sign-in, the code step is completed too (pass second_step=False to stop
    at it); the response is then that of the code step."""

    def _login(test_client, user, password=DEFAULT_PASSWORD, second_step=True):
        username = user.username
        response = test_client.post("/login", data={"username": username, "password": password})
        if second_step and response.status_code == 302 and response.location.endswith("/login/code"):
            return complete_second_step(test_client, username)
        return response

    return _login


class IsolatedSocket:
    """A Socket.IO test client whose every call runs in a fresh app context, as each event does in
    production (so Flask-Login's per-request user cache cannot leak between two people's sockets)."""

    def __init__(self, app, **kwargs):
        self._app = app
        with app.app_context():
            self._client = socketio.test_client(app, **kwargs)

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            with self._app.app_context():
                return attribute(*args, **kwargs)

        return call


@pytest.fixture
def socket_client(app):
    """socket_client(flask_client, **kwargs) -> a Socket.IO test client sharing that client's cookies."""
    opened = []

    def _connect(flask_client, **kwargs):
        kwargs.setdefault("headers", {"Origin": "http://localhost"})
        client = IsolatedSocket(app, flask_test_client=flask_client, **kwargs)
        opened.append(client)
        return client

    yield _connect
    for client in opened:
        if client.is_connected():
            client.disconnect()


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, started once for every browser test (Playwright's sync API allows one at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()
