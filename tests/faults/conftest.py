"""The fault suite's own services: a PostgreSQL cluster and a Redis server started for it on free ports
(so faults injected into them leave the shared services alone), two real app processes (gunicorn +
gevent) on them, and the figures each fault produced, printed at the end of the run."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from glob import glob
from pathlib import Path

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
FIGURES = []  # one dict per fault, filled by the tests


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bin():
    found = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _as_postgres(command):
    """initdb and pg_ctl refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _wait(check, seconds, what):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except Exception:
            pass
        assert time.monotonic() < deadline, f"{what} within {seconds} s"
        time.sleep(0.2)


class Postgres:
    def __init__(self, folder):
        self.bin = _postgres_bin()
        self.data = folder / "pgdata"
        self.port = _free_port()
        self.log = folder / "postgres.log"
        subprocess.run(_as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                                     "--auth=trust", "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True, timeout=120)

    def start(self):
        options = (f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c max_connections=200")
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                                     "-l", str(self.log), "-w", "-t", "60", "start"]),
                       check=True, capture_output=True, timeout=90)

    def stop(self, mode="immediate"):
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w",
                                     "-t", "30", "stop"]), capture_output=True, timeout=60)

    def processes(self):
        """The postmaster and every backend (for freezing the server with SIGSTOP)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        return [postmaster, *_children(postmaster)]

    def url(self, database="postgres"):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"


class Redis:
    def __init__(self, folder):
        self.port = _free_port()
        self.folder = folder
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        _wait(lambda: redis.Redis(port=self.port, socket_timeout=1).ping(), 20, "Redis started")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class AppProcess:
    """gunicorn with one gevent worker; the master restarts a worker that dies."""

    def __init__(self, env, log_path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{self.port}",
             "--no-control-socket", "--graceful-timeout", "2", "aftercare.wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def worker(self):
        workers = _children(self.process.pid)
        return workers[0] if workers else None

    def wait_healthy(self, seconds=60):
        _wait(lambda: requests.get(self.url + "/healthz", timeout=2).ok, seconds, f"{self.url} answered")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        for pid in _children(self.process.pid):
            _kill(pid)
        self.log.close()


def _kill(pid, sig=signal.SIGKILL):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="package")
def faulty_deployment():
    """(harness app, [process A, process B], postgres, redis), all started here and all stopped afterwards,
    whatever happened."""
    if not os.environ.get("TEST_DATABASE_URL") or not os.environ.get("TEST_REDIS_URL"):
        pytest.skip("the fault suite runs in the PostgreSQL + Redis pass (TEST_DATABASE_URL and TEST_REDIS_URL)")
    if _postgres_bin() is None or shutil.which("redis-server") is None:
        pytest.skip("the fault suite starts its own PostgreSQL and Redis: needs /usr/lib/postgresql/*/bin and "
                    "redis-server")
    folder = Path(tempfile.mkdtemp(prefix="aftercare-faults-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    started = []
    postgres = redis_server = app = None
    try:
        postgres = Postgres(folder)
        postgres.start()
        started.append(postgres.stop)
        with psycopg.connect(postgres.url(), autocommit=True) as connection:
            connection.execute("CREATE DATABASE aftercare")
        redis_server = Redis(folder)
        redis_server.start()
        started.append(redis_server.stop)
        env = dict(os.environ, DATABASE_URL=postgres.url("aftercare"), REDIS_URL=redis_server.url,
                   SECRET_KEY="fault-suite-secret", FLASK_APP="aftercare",
                   CHAT_SWEEP_SECONDS="300",  # ended logins must be closed through Redis, not the sweep
                   CHAT_RATE_LIMIT="100000 per minute", LOGIN_LIMIT_PER_ADDRESS="1000 per 15 minutes",
                   LOGIN_LIMIT_PER_ACCOUNT="1000 per 15 minutes", DATABASE_POOL_SIZE="10",
                   DATABASE_AUTOCOMMIT_POOL_SIZE="5")
        for key in ("TEST_DATABASE_URL", "TEST_REDIS_URL"):
            env.pop(key, None)
        subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=180)
        processes = []
        for name in ("a", "b"):
            process = AppProcess(env, folder / f"app-{name}.log")
            processes.append(process)
            started.append(process.stop)
        for process in processes:
            process.wait_healthy()

        from aftercare import create_app

        from ..conftest import suite_config

        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=postgres.url("aftercare"),
                                      SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True}))
        yield app, processes, postgres, redis_server
    finally:
        if app is not None:
            from aftercare.database import dispose

            with app.app_context():
                dispose(app)
        if postgres is not None and postgres.data.exists():
            try:  # a frozen server would not stop
                for pid in postgres.processes():
                    _kill(pid, signal.SIGCONT)
            except OSError:
                pass
        for stop in reversed(started):
            try:
                stop()
            except Exception as error:  # stop the rest all the same
                print(f"fault suite cleanup: {error!r}", file=sys.stderr)
        if os.environ.get("FAULTS_KEEP_LOGS"):
            print(f"fault suite logs kept in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fault suite figures")
    write(f"{'fault':<34}{'sent':>6}{'acked':>7}{'lost':>6}{'doubled':>8}{'retry answers':>14}"
          f"{'slowest answer':>16}{'caught up':>11}")
    for row in FIGURES:
        write(f"{row['fault']:<34}{row['sent']:>6}{row['acked']:>7}{row['lost']:>6}{row['doubled']:>8}"
              f"{row['retry_answers']:>14}{row['slowest_answer_s']:>15.2f}s{row['caught_up_s']:>10.1f}s")
        extra = row.get("notes")
        if extra:
            write(f"    {extra}")
