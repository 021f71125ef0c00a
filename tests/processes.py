"""Real app processes for the multiprocess tests: a fresh PostgreSQL database on the suite's server, the
suite's Redis, and gunicorn + gevent workers on free ports, all stopped and dropped afterwards."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aftercare import create_app
from aftercare.database import normalise_url
from aftercare.extensions import db

from .conftest import suite_config

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url, seconds=30):
    deadline = time.time() + seconds
    while True:
        try:
            requests.get(url + "/healthz", timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):
            assert time.time() < deadline, f"the app process at {url} did not start"
            time.sleep(0.2)


@contextlib.contextmanager
def app_processes(log_folder, name_prefix, count=2, **settings):
    """Yield (app, urls): `count` app processes sharing one new database and the suite's Redis, with
    `settings` as extra environment variables, and an app object on the same database for the test's own
    reads and writes. Skips without TEST_DATABASE_URL and TEST_REDIS_URL."""
    base, redis_url = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL")
    if not base or not redis_url:
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL")
    url = make_url(normalise_url(base))
    name = f"{name_prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = url.set(database=name).render_as_string(hide_password=False)
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, SECRET_KEY=f"{name}-secret",
               FLASK_APP="aftercare", CHAT_SWEEP_SECONDS="300",  # nothing waits for a sweep
               RATELIMIT_KEY_PREFIX=name, **settings)  # its own throttle counts in the shared Redis
    logs, servers, urls = [], [], []
    try:
        subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        for number in range(count):
            port = free_port()
            log = open(Path(log_folder) / f"server-{number}.log", "w")
            logs.append(log)
            servers.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}",
                 "--no-control-socket", "aftercare.wsgi:app"], cwd=ROOT, env=env, stdout=log,
                stderr=subprocess.STDOUT))
            urls.append(f"http://127.0.0.1:{port}")
        for server_url in urls:
            wait_until_serving(server_url)
        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=database_url))
        yield app, urls
        with app.app_context():
            db.engine.dispose()
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        for log in logs:
            log.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
