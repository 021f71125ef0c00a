"""What must not stay behind: the referral code out of the cookie, no-store on pages with secrets or
personal data, security headers on the Socket.IO transport, and the browser's storage cleared at logout."""
import base64
import json
import zlib

import pytest


def read_session_cookie(client):
    """What anyone holding the cookie can read: Flask signs its session cookie but does not encrypt it."""
    value = client.get_cookie("session").value
    compressed = value.startswith(".")
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return json.loads(zlib.decompress(raw) if compressed else raw)


def test_the_referral_code_cannot_be_read_from_the_cookie(client, login, make_user):
    login(client, make_user(["professional"]))
    response = client.post("/referrals/new", data={"wants": "group", "note": "A note"})
    cookie = read_session_cookie(client)
    assert "referral_codes" in cookie  # the code travels to the print page with the cookie...
    printed = client.get(response.headers["Location"]).get_data(as_text=True)
    code = printed.split('data-testid="referral-code">')[1].split("<")[0]
    assert len(code) >= 10
    # ...but sealed: neither the code nor its letters without the dash are in the cookie.
    sealed = json.dumps(cookie)
    assert code not in sealed and code.replace("-", "") not in sealed
    assert "referral_codes" not in read_session_cookie(client)  # and only until the print page is opened


def test_a_tampered_sealed_code_shows_no_code(app, client, login, make_user):
    login(client, make_user(["professional"]))
    response = client.post("/referrals/new", data={"wants": "group", "note": "A note"})
    with client.session_transaction() as session:
        codes = session["referral_codes"]
        session["referral_codes"] = {key: "AAAA" + value[4:] for key, value in codes.items()}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="referral-code"' not in page


@pytest.mark.parametrize("path", ["/referral/ACDEF-GHJKM", "/referral", "/login", "/help"])
def test_anonymous_pages_are_not_stored(client, path):
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_the_code_step_of_logging_in_is_not_stored(client, login, make_user):
    user = make_user(two_factor=True)
    response = login(client, user, second_step=False)
    assert response.headers["Location"].endswith("/login/code")
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/login/code").headers["Cache-Control"] == "no-store"


def test_static_files_may_still_be_cached(client):
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_socketio_polling_answers_carry_the_security_headers(client, login, make_user):
    login(client, make_user())
    response = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://localhost"})
    assert response.status_code == 200 and response.get_data(as_text=True).startswith("0{")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]  # not doubled


def test_logout_clears_the_browsers_storage(client, login, make_user):
    login(client, make_user())
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'


def test_deleting_the_account_clears_the_browsers_storage(client, login, make_user):
    login(client, make_user())
    response = client.post("/account/delete", data={"messages": "keep", "password": "correct horse battery",
                                                    "confirm": "y"})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'
