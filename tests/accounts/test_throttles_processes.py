"""Two real app processes (gunicorn + gevent) on PostgreSQL + Redis: 40 parallel wrong passwords and 40
parallel wrong two-factor codes spread over both are checked at most the limit's number of times, and the
real person still signs in afterwards from a browser they logged in with (password and second factor)."""
import re
import threading
import time

import pyotp
import pytest
import requests


from ..factories import DEFAULT_PASSWORD, Factories, factory_totp_secret
from ..processes import app_processes

LIMIT = 5  # the default LOGIN_LIMIT_PER_ACCOUNT and TWO_FACTOR_LIMIT_PER_ACCOUNT
pytestmark = pytest.mark.multiprocess


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    with app_processes(tmp_path_factory.mktemp("proc"), "aftercare_throttle") as (app, urls):
        yield app, urls


class Browser:
    def __init__(self, base_url):
        self.url = base_url
        self.http = requests.Session()

    def token(self, path="/login"):
        page = self.http.get(self.url + path, timeout=30).text
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def post(self, path, data, url=None):
        return self.http.post((url or self.url) + path, data=data, allow_redirects=False, timeout=60)

    def password(self, username, password, token=None, url=None):
        return self.post("/login", {"username": username, "password": password,
                                    "csrf_token": token or self.token()}, url)

    def code(self, code, token, url=None):
        return self.post("/login/code", {"code": code, "csrf_token": token}, url)

    def logout(self):
        page = self.http.get(self.url + "/account", timeout=30).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert self.post("/logout", {"csrf_token": token}).status_code == 302


def _burst(count, prepare, send):
    """prepare(n) for each, then send(n, prepared) from `count` threads released together: the statuses."""
    prepared = [prepare(n) for n in range(count)]
    barrier, statuses, lock = threading.Barrier(count), [], threading.Lock()

    def run(n):
        barrier.wait()
        status = send(n, prepared[n]).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(statuses) == count
    return statuses


def _code(username, offset=0):
    return pyotp.TOTP(factory_totp_secret(username)).at(time.time() + offset)


def test_parallel_guesses_over_two_processes_stay_within_the_limit(deployment):
    app, (url_a, url_b) = deployment
    with app.app_context():
        factories = Factories()
        factories.user(["participant"], username="kari")
        factories.user(["coordinator"], username="mona")  # with two-factor sign-in

    # The real people logged in on their own phones before (through process A), then logged out.
    kari_phone, mona_phone = Browser(url_a), Browser(url_a)
    assert kari_phone.password("kari", DEFAULT_PASSWORD).status_code == 302
    kari_phone.logout()
    assert mona_phone.password("mona", DEFAULT_PASSWORD).headers["Location"].endswith("/login/code")
    assert mona_phone.code(_code("mona"), mona_phone.token("/login/code")).status_code == 302
    mona_phone.logout()

    # 40 wrong passwords at once, every other one through the other process.
    statuses = _burst(40, lambda n: (Browser((url_a, url_b)[n % 2]),),
                      lambda n, p: p[0].password("kari", f"guess {n}", p[0].token()))
    print("wrong passwords:", sorted(statuses))
    assert len([s for s in statuses if s != 429]) <= LIMIT, statuses
    assert set(statuses) <= {200, 429}

    # Someone who has mona's password: 40 wrong codes at once from one pending login, over both processes.
    attacker = Browser(url_a)
    assert attacker.password("mona", DEFAULT_PASSWORD).headers["Location"].endswith("/login/code")
    token = attacker.token("/login/code")
    cookies = attacker.http.cookies.get_dict()

    def prepare(n):
        browser = Browser((url_a, url_b)[n % 2])
        browser.http.cookies.update(cookies)
        return (browser,)

    statuses = _burst(40, prepare, lambda n, p: p[0].code(f"{(n * 7919) % 1_000_000:06d}", token))
    print("wrong codes:", sorted(statuses))
    assert len([s for s in statuses if s != 429]) <= LIMIT, statuses
    blocked = attacker.code(_code("mona"), token, url_b)
    assert blocked.status_code == 429 and "Too many wrong codes" in blocked.text

    # A browser that never logged in to kari's account waits, and is told why and what to do...
    stranger = Browser(url_b).password("kari", DEFAULT_PASSWORD)
    assert stranger.status_code == 429 and "where you have logged in to this account before" in stranger.text
    assert int(stranger.headers["Retry-After"]) >= 1
    # ... while the real people, on their own phones, sign in through the other process.
    assert kari_phone.password("kari", DEFAULT_PASSWORD, url=url_b).status_code == 302
    assert kari_phone.http.get(url_b + "/account", allow_redirects=False).status_code == 200
    second = mona_phone.password("mona", DEFAULT_PASSWORD, url=url_b)
    assert second.headers["Location"].endswith("/login/code")  # the second factor is still asked for
    next_step = _code("mona", 30)  # the next time step: the first login used this one
    assert mona_phone.code(next_step, mona_phone.token("/login/code"), url_b).status_code == 302
    assert mona_phone.http.get(url_b + "/account", allow_redirects=False).status_code == 200
