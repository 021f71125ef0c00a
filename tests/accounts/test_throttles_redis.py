"""Redis down: logging in keeps working, counted in this process and said once in the log; when Redis is
back it is used again. A real Redis on a free port is started, killed and restarted by the test."""
import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis

from aftercare.extensions import limiter

from ..factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    def __init__(self):
        self.port = _free_port()
        self.process = None
        self.client = redis.Redis(port=self.port, socket_timeout=2)

    def start(self):
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--save", "",
                                         "--appendonly", "no", "--bind", "127.0.0.1"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while True:
            try:
                if self.client.ping():
                    return
            except redis.ConnectionError:
                assert time.time() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def kill(self):
        self.process.kill()
        self.process.wait(10)

    def keys(self):
        return self.client.keys("*")


@pytest.fixture
def own_redis(app):
    server = OwnRedis()
    server.start()
    saved = {key: app.config.get(key) for key in ("RATELIMIT_STORAGE_URI", "RATELIMIT_PROBE_SECONDS")}
    app.config.update(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{server.port}/0", RATELIMIT_PROBE_SECONDS=0.3)
    limiter.init_app(app)
    yield server
    if server.process.poll() is None:
        server.kill()
    app.config.update(saved)
    limiter.init_app(app)


def _login(client, username, password):
    return client.post("/login", data={"username": username, "password": password})


def _lines(caplog, words):
    return [record for record in caplog.records if words in record.getMessage()]


def test_login_works_while_redis_is_down_and_redis_is_used_again_when_back(app, make_user, own_redis, caplog):
    caplog.set_level(logging.WARNING, logger="aftercare.throttle")
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user, other = make_user(), make_user()
    assert _login(app.test_client(), user.username, "wrong guess").status_code == 200
    assert own_redis.keys(), "the try was not counted in Redis"

    own_redis.kill()
    assert _login(app.test_client(), user.username, DEFAULT_PASSWORD).status_code == 302
    assert _login(app.test_client(), "referral-less", "x").status_code == 200
    assert app.test_client().post("/referral", data={"code": "ACDEF-GHJKM"}).status_code == 200
    # Still counted, in this process: three wrong passwords and the account pauses.
    for _ in range(3):
        assert _login(app.test_client(), other.username, "wrong guess").status_code == 200
    assert _login(app.test_client(), other.username, DEFAULT_PASSWORD).status_code == 429
    assert len(_lines(caplog, "throttle store unreachable")) == 1  # once, not per request
    assert limiter.falling_back

    own_redis.start()  # empty, on the same port
    time.sleep(0.4)
    assert _login(app.test_client(), user.username, "wrong again").status_code == 200
    assert len(_lines(caplog, "throttle store reachable again")) == 1
    assert not limiter.falling_back
    assert own_redis.keys(), "Redis was not used again"
    assert len(_lines(caplog, "throttle store unreachable")) == 1
