"""The security baseline: CSRF, throttling, headers, cookies, caching, secret key."""
import pytest
from werkzeug.routing import IntegerConverter

from aftercare import create_app

from .conftest import suite_config


def test_csrf_token_is_required(app, client, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user()
    response = client.post("/login", data={"username": user.username, "password": "correct horse battery"})
    assert response.status_code == 400
    assert "try again" in response.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": user.username, "password": "correct horse battery",
                                           "csrf_token": token})
    assert response.status_code == 302


def _post_urls(app):
    """Every route that changes something, with a value for each part of its path: the token check comes
    before the view, so the values need not name anything that exists."""
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.rule.startswith("/socket.io"):
            values = {name: 1 if isinstance(rule._converters.get(name), IntegerConverter) else "x"
                      for name in rule.arguments}
            yield rule.build(values)[1]


def test_every_post_without_the_form_token_is_refused(app, client, make_user, login):
    """The one CSRF check runs for every POST before any view, so no view checks the token again."""
    user = make_user(["participant"])
    assert login(client, user).status_code == 302
    app.config["WTF_CSRF_ENABLED"] = True
    urls = sorted(set(_post_urls(app)))
    assert "/account/sessions/end-others" in urls and "/admin/accounts/1/disable" in urls
    let_through = {}
    for url in urls:
        response = client.post(url, data={})
        if response.status_code != 400 or "reload the page and try again" not in response.get_data(as_text=True):
            let_through[url] = response.status_code
    assert let_through == {}
    assert client.get("/").status_code == 200  # still signed in: no POST ended the login


def test_failed_logins_are_throttled_per_account(app, client, make_user, login):
    user = make_user()
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    for _ in range(3):
        assert login(client, user, password="wrong guess").status_code == 200
    blocked = login(client, user)  # even the right password waits now
    assert blocked.status_code == 429
    assert "many wrong passwords" in blocked.get_data(as_text=True)
    assert login(app.test_client(), make_user()).status_code == 302  # other accounts are not affected


def test_failed_logins_are_throttled_per_address(app, client, make_user, login):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "4 per 15 minutes"
    for n in range(4):
        client.post("/login", data={"username": f"guess{n}", "password": "wrong guess"})
    blocked = login(client, make_user())
    assert blocked.status_code == 429
    assert "from this network" in blocked.get_data(as_text=True)


def test_successful_logins_do_not_count(app, make_user, login):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    user = make_user()
    for _ in range(4):
        client = app.test_client()
        assert login(client, user).status_code == 302


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_authenticated_pages_are_not_cached(client, make_user, login):
    login(client, make_user())
    assert client.get("/account").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_no_inline_scripts_or_styles_in_pages(client, make_user, login):
    login(client, make_user(["admin"]))
    for path in ["/", "/help", "/account", "/account/sessions", "/admin/", "/admin/invitations"]:
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and "style=" not in page and "onclick" not in page, path


def test_session_cookie_flags(client, make_user, login):
    login(client, make_user())
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure  # plain http in tests
    client.get("/", base_url="https://localhost")
    assert client.get_cookie("session", domain="localhost").secure


def test_secret_key_is_required_outside_testing(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(suite_config(SECRET_KEY=None, TESTING=False, DEBUG=False,
                               SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.sqlite3"))


def test_server_errors_get_a_friendly_page(app, client, monkeypatch):
    from aftercare.core import services

    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "helplines", broken)
    response = client.get("/help")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page and "database went away" not in page


def test_rate_limits_are_stored_in_redis_when_configured(app):
    import os

    from aftercare.extensions import limiter

    expected = "redis" if os.environ.get("TEST_REDIS_URL") else "memory"
    assert app.config["RATELIMIT_STORAGE_URI"].startswith(expected)
    assert type(limiter.storage).__name__.lower().startswith(expected)
