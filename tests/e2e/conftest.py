"""Browser tests: the real app under gunicorn + gevent, driven by Debian's Chromium at phone size."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from aftercare import create_app
from aftercare.extensions import db

from ..conftest import CHROMIUM, suite_config
from ..factories import Factories

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return  # in CI a missing browser must fail loudly, not skip
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (install Debian's chromium package)")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


class LiveServer:
    def __init__(self, url, app):
        self.url = url
        self.app = app  # bound to the same database, for seeding data from the test

    def seed(self):
        """A context in which Factories() write to the live server's database."""
        return self.app.app_context()


@pytest.fixture(scope="module")
def live_server_env():
    """Extra environment for the module's server; a test module overrides it (e.g. an SMTP server's port)."""
    return {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, live_server_env):
    """Start gunicorn + gevent on a fresh SQLite database built by `flask db upgrade`."""
    workdir = tmp_path_factory.mktemp("live")
    database_url = "sqlite:///" + str(workdir / "live.sqlite3")
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="e2e-secret", FLASK_APP="aftercare",
               SESSION_IDLE_MINUTES="60")
    env.pop("REDIS_URL", None)
    env.update(live_server_env)
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    log = open(workdir / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}", "--no-control-socket",
         "aftercare.wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.time() > deadline:
                log.close()
                raise RuntimeError("the app did not start:\n" + (workdir / "server.log").read_text())
            time.sleep(0.2)
    # The seeding app shares the extensions with the suite's app (one Limiter, one SocketIO), so it
    # gets the same test settings; only the database differs.
    app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=database_url, SECRET_KEY="e2e-secret"))
    yield LiveServer(url, app)
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def factories_live(live_server):
    """Factories writing into the live server's database (use inside `with live_server.seed():`)."""
    return Factories()


@pytest.fixture
def new_page(browser, request):
    """new_page(locale="en-GB") -> a fresh phone-sized page in its own browser context."""
    contexts = []

    def _new(locale="en-GB"):
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale,
                                      service_workers="block")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _new
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for index, context in enumerate(contexts):
        if failed:
            out = ROOT / "test-artifacts"
            out.mkdir(exist_ok=True)
            for number, page in enumerate(context.pages):
                page.screenshot(path=str(out / f"{request.node.name}-{index}-{number}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


def answer_code_step(page, username):
    """If the login asks for a code from the app, type the user's current one (see factory_totp_secret).

    Replay protection refuses a second login in the same 30-second step: then wait for the next step."""
    from ..factories import totp_code

    if "/login/code" not in page.url:
        return
    for _ in range(3):
        page.fill("#code", totp_code(username))
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if "/login/code" not in page.url:
            return
        if "already used" not in page.text_content("main"):
            return
        time.sleep(30 - time.time() % 30 + 0.5)


def log_in(page, url, username, password="correct horse battery", *, to_home=False):
    """Log in through the form, answering the code step for users with two-factor sign-in; with `to_home`,
    wait until the home page shows (the login went through)."""
    page.goto(url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    answer_code_step(page, username)
    if to_home:
        page.wait_for_url(re.compile(r".*/$"))
