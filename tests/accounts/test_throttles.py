"""Throttles on guessable secrets: parallel guesses never exceed a limit, the real person still gets in
(from a browser they logged in with, or after a short delay), and the person is told what to do."""
import re
import threading
import time

import pyotp
import pytest

from aftercare.accounts.devices import TRUSTED_COOKIE

from ..factories import DEFAULT_PASSWORD

ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}


def _burst(count, send):
    """`send(n)` from `count` threads released together; returns the status codes."""
    barrier, statuses, lock = threading.Barrier(count), [], threading.Lock()

    def run(n):
        barrier.wait()
        status = send(n)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(statuses) == count
    return statuses


def _password(client, user, password=DEFAULT_PASSWORD, environ=None):
    """The password step for a user (or a user name)."""
    username = user if isinstance(user, str) else user.username
    return client.post("/login", data={"username": username, "password": password},
                       environ_base=environ or {})


def _error(response):
    page = response.get_data(as_text=True)
    return page.split('role="alert">', 1)[1].split("</p>", 1)[0] if 'role="alert">' in page else ""


def test_forty_parallel_wrong_passwords_are_checked_at_most_five_times(app, make_user):
    username = make_user().username
    statuses = _burst(40, lambda n: _password(app.test_client(), username, "wrong guess").status_code)
    assert statuses.count(429) >= 35, sorted(statuses)
    assert set(statuses) <= {200, 429}


def test_forty_parallel_wrong_codes_are_checked_at_most_five_times(app, make_user):
    user = make_user(["coordinator"])
    first = app.test_client()
    assert _password(first, user).location.endswith("/login/code")
    pending = first.get_cookie("session").value

    def guess(n):
        client = app.test_client()
        client.set_cookie("session", pending)
        return client.post("/login/code", data={"code": f"{n:06d}"}).status_code

    statuses = _burst(40, guess)
    assert statuses.count(429) >= 35, sorted(statuses)


def test_forty_parallel_wrong_referral_codes_are_checked_at_most_the_limit(app):
    app.config["REFERRAL_CODE_LIMIT"] = "10 per 15 minutes"
    statuses = _burst(40, lambda n: app.test_client().post("/referral", data={"code": f"ACDEF-GHJ{n:02d}"})
                      .status_code)
    assert statuses.count(429) >= 30, statuses


def test_a_right_password_gives_its_try_back(app, make_user, login):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    user = make_user()
    for _ in range(4):
        assert login(app.test_client(), user).status_code == 302
    client = app.test_client()
    assert _password(client, user, "wrong guess").status_code == 200
    assert login(client, user).status_code == 302  # one wrong, then right: still allowed


def test_the_address_limit_stays_strict_even_for_a_known_browser(app, make_user, login):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "4 per 15 minutes"
    user = make_user()
    known = app.test_client()
    assert login(known, user).status_code == 302
    known.post("/logout")
    for n in range(4):
        _password(app.test_client(), make_user(), "wrong guess", ATTACKER)
    blocked = _password(known, user, environ=ATTACKER)
    assert blocked.status_code == 429 and "from this network" in _error(blocked)
    assert int(blocked.headers["Retry-After"]) > 60
    assert _password(known, user).status_code == 302  # another network is not affected


def test_guesses_from_elsewhere_do_not_lock_out_a_browser_the_person_logged_in_with(app, make_user, login):
    user = make_user()
    own_phone = app.test_client()
    assert login(own_phone, user).status_code == 302
    assert own_phone.get_cookie(TRUSTED_COOKIE).http_only
    own_phone.post("/logout")

    for _ in range(12):
        _password(app.test_client(), user, "wrong guess", ATTACKER)
    stranger = _password(app.test_client(), user, environ=ATTACKER)
    assert stranger.status_code == 429  # even with the right password: the account is being guessed at
    message = _error(stranger)
    assert "try again in 1 minute" in message and "where you have logged in to this account before" in message

    assert _password(own_phone, user).status_code == 302


def test_the_known_browser_still_needs_the_second_factor(app, make_user, login):
    user = make_user(["coordinator"])
    own_phone = app.test_client()
    assert login(own_phone, user).status_code == 302
    own_phone.post("/logout")
    for _ in range(8):  # someone who knows the password guesses codes
        attacker = app.test_client()
        _password(attacker, user, environ=ATTACKER)
        attacker.post("/login/code", data={"code": "000000"}, environ_base=ATTACKER)
    blocked = attacker.post("/login/code", data={"code": pyotp.TOTP(user.totp_secret).now()},
                            environ_base=ATTACKER)
    assert blocked.status_code == 429 and "Too many wrong codes" in _error(blocked)

    response = _password(own_phone, user)
    assert response.location.endswith("/login/code")  # the password alone is not enough
    assert own_phone.post("/login/code", data={"code": "999999"}).status_code == 200
    assert own_phone.get("/account").status_code == 302
    from ..conftest import complete_second_step

    assert complete_second_step(own_phone, user.username).status_code == 302
    assert own_phone.get("/account").status_code == 200


def test_a_forged_or_foreign_trusted_browser_cookie_counts_for_nothing(app, make_user, login):
    user, other = make_user(), make_user()
    other_phone = app.test_client()
    assert login(other_phone, other).status_code == 302  # trusted for `other`, not for `user`
    other_phone.post("/logout")
    forged = app.test_client()
    forged.set_cookie(TRUSTED_COOKIE, "eyJpZCI6IngiLCJ1c2VycyI6WzFdfQ.forged")
    for _ in range(6):
        _password(app.test_client(), user, "wrong guess", ATTACKER)
    assert _password(other_phone, user).status_code == 429
    assert _password(forged, user).status_code == 429


def test_after_the_limit_the_right_password_gets_through_after_a_short_delay(app, make_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    app.config["LOGIN_RETRY_LIMIT"] = "1 per 2 seconds; 2 per 15 minutes"
    user = make_user()
    client = app.test_client()
    for _ in range(2):
        assert _password(client, user, "wrong guess").status_code == 200
    blocked = _password(client, user)
    assert blocked.status_code == 429 and re.search(r"try again in [12] seconds?\.", _error(blocked))
    time.sleep(2.2)
    assert _password(client, user).status_code == 302


def test_the_delay_grows_with_more_wrong_tries(app, make_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    app.config["LOGIN_RETRY_LIMIT"] = "1 per 2 seconds; 2 per 15 minutes"
    user = make_user()
    client = app.test_client()
    for _ in range(2):
        assert _password(client, user, "wrong guess").status_code == 200
    time.sleep(2.2)
    assert _password(client, user, "wrong again").status_code == 200  # one more try after the delay
    time.sleep(2.2)
    blocked = _password(client, user)  # the short delay has passed, but the longer one has not
    assert blocked.status_code == 429 and "try again in 15 minutes" in _error(blocked)


def test_paused_login_page_in_norwegian(app, make_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "1 per 15 minutes"
    user = make_user()
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": "wrong"},
                headers={"Accept-Language": "nb"})
    blocked = client.post("/login", data={"username": user.username, "password": "wrong"},
                          headers={"Accept-Language": "nb"})
    assert blocked.status_code == 429
    assert "minutt" in _error(blocked) and "logget inn" in _error(blocked)


def test_confirming_with_a_password_is_throttled(app, make_user, login):
    app.config["CONFIRM_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user = make_user()
    client = app.test_client()
    login(client, user)
    for _ in range(3):
        page = client.post("/account/password", data={"current_password": "wrong",
                                                       "new_password": "a whole new sentence"})
        assert "not right" in page.get_data(as_text=True)
    page = client.post("/account/password", data={"current_password": DEFAULT_PASSWORD,
                                                   "new_password": "a whole new sentence"})
    assert "Too many wrong tries" in page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/login", "/referral"])
def test_an_error_while_checking_still_counts_the_try(app, path, monkeypatch):
    """A request that fails while the secret is checked keeps its try (it used to slip past the count)."""
    from aftercare.accounts import services as accounts
    from aftercare.referrals import services as referrals

    app.config["LOGIN_LIMIT_PER_ADDRESS"] = app.config["REFERRAL_CODE_LIMIT"] = "2 per 15 minutes"
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*args, **kwargs):
        raise RuntimeError("checking failed")

    monkeypatch.setattr(accounts, "_verify", broken)
    monkeypatch.setattr(referrals, "check_code", broken)
    data = {"username": "someone", "password": "x"} if path == "/login" else {"code": "ACDEF-GHJKM"}
    client = app.test_client()
    assert [client.post(path, data=data).status_code for _ in range(3)] == [500, 500, 429]


def test_an_ipv6_network_counts_as_one_address():
    from aftercare.throttle import address_key

    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.7") == address_key("192.0.2.7") == "192.0.2.7"


def test_a_try_that_slips_into_the_delay_first_makes_the_last_regular_try_wait(app):
    """Two tries at once when the limit runs out: a refused one may reach the slower rule's window before
    the last regular one starts it; then only one of them goes ahead, never both."""
    from aftercare import throttle
    from aftercare.extensions import limiter

    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    with app.test_request_context():
        for _ in range(2):
            limiter.reserve(throttle.LOGIN_ACCOUNT, "someone")
        racer, _wait = limiter._reserve_rule(throttle.LOGIN_ACCOUNT.then, "someone")
        assert racer is not None  # it got in first
        with pytest.raises(throttle.TooManyAttempts):
            limiter.reserve(throttle.LOGIN_ACCOUNT, "someone")  # the third regular try now waits
        with pytest.raises(throttle.TooManyAttempts):
            limiter.reserve(throttle.LOGIN_ACCOUNT, "someone")
