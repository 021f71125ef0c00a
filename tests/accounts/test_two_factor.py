"""Two-factor sign-in: enrolment, the code step, replay protection, recovery codes, the required roles."""
import re
import time
from datetime import datetime, timezone

import pyotp
import pytest
from sqlalchemy.orm.attributes import set_committed_value

from aftercare.accounts import two_factor
from aftercare.accounts.models import RecoveryCode, User
from aftercare.demo import DEMO_TOTP_SECRET
from aftercare.exceptions import PermissionDenied, ValidationFailed
from aftercare.extensions import db

from ..factories import DEFAULT_PASSWORD, factory_totp_secret

NOW = 1_800_000_000  # a fixed moment, in seconds, for the service tests
NOW_AT = datetime.fromtimestamp(NOW, timezone.utc)


def _code(secret, at=None):
    return pyotp.TOTP(secret).at(at) if at else pyotp.TOTP(secret).now()


def _password_step(client, user, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": user.username, "password": DEFAULT_PASSWORD})


def _shown_key(response):
    return re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', response.get_data(as_text=True)).group(1).replace(" ", "")


def _enrol(client, user):
    """Enrol through the pages, as a person would; returns the recovery codes shown."""
    key = _shown_key(client.get("/account/two-factor"))
    response = client.post("/account/two-factor", data={"code": _code(key)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.get_data(as_text=True))


# --- services ---

def test_enrolment_needs_the_right_code_and_gives_ten_hashed_recovery_codes(make_user):
    user = make_user()
    secret = two_factor.new_secret()
    assert len(secret) == 32 and two_factor.new_secret() != secret
    with pytest.raises(ValidationFailed, match="not right"):
        two_factor.confirm_enrolment(user, secret, "000000" if _code(secret, NOW) != "000000" else "111111",
                                     now=NOW)
    with pytest.raises(ValidationFailed, match="Start again"):
        two_factor.confirm_enrolment(user, None, _code(secret, NOW), now=NOW)
    assert not user.has_two_factor and user.totp_secret is None
    codes = two_factor.confirm_enrolment(user, secret, _code(secret, NOW), now=NOW)
    assert user.has_two_factor and user.totp_secret == secret and user.totp_pending_secret is None
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.scalars(db.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10
    assert not any(code.replace("-", "") in row for code in codes for row in stored)


def test_enrolling_uses_up_the_codes_time_step_and_happens_once(make_user):
    user = make_user()
    secret = two_factor.new_secret()
    two_factor.confirm_enrolment(user, secret, _code(secret, NOW), now=NOW)
    assert user.totp_last_step == two_factor.current_step(NOW)
    with pytest.raises(ValidationFailed, match="already used"):
        two_factor.check_code(user, _code(secret, NOW), now=NOW)
    other = two_factor.new_secret()
    with pytest.raises(ValidationFailed, match="already on"):
        two_factor.confirm_enrolment(user, other, _code(other, NOW + 30), now=NOW + 30)
    assert user.totp_secret == secret and two_factor.unused_recovery_code_count(user) == 10


def test_of_two_confirmations_at_once_only_one_turns_it_on(make_user):
    user = make_user()
    first, second = two_factor.new_secret(), two_factor.new_secret()
    # The other request won meanwhile; this one still holds the person as loaded before.
    db.session.execute(db.update(User).where(User.id == user.id).values(totp_secret=first, totp_enabled_at=NOW_AT))
    db.session.commit()
    for name in ("totp_secret", "totp_enabled_at"):
        set_committed_value(user, name, None)
    assert not user.has_two_factor
    with pytest.raises(ValidationFailed, match="already on"):
        two_factor.confirm_enrolment(user, second, _code(second, NOW), now=NOW)
    db.session.expire_all()
    assert user.totp_secret == first and two_factor.unused_recovery_code_count(user) == 0


def test_a_code_from_the_same_or_an_older_step_is_refused(make_user):
    user = make_user(["coordinator"])
    secret = user.totp_secret
    assert two_factor.check_code(user, _code(secret, NOW), now=NOW) == "app"
    with pytest.raises(ValidationFailed, match="already used"):
        two_factor.check_code(user, _code(secret, NOW), now=NOW)
    with pytest.raises(ValidationFailed, match="already used"):  # the previous step is in the window, but older
        two_factor.check_code(user, _code(secret, NOW - 30), now=NOW)
    assert two_factor.check_code(user, _code(secret, NOW + 30), now=NOW + 30) == "app"


def test_codes_one_step_off_are_accepted_but_not_two(make_user):
    user = make_user(["coordinator"])
    secret = user.totp_secret
    with pytest.raises(ValidationFailed, match="not right"):
        two_factor.check_code(user, _code(secret, NOW - 60), now=NOW)
    assert two_factor.check_code(user, _code(secret, NOW + 30), now=NOW) == "app"


def test_a_recovery_code_works_once(make_user):
    user = make_user()
    secret = two_factor.new_secret()
    codes = two_factor.confirm_enrolment(user, secret, _code(secret, NOW), now=NOW)
    assert two_factor.check_code(user, codes[3].upper().replace("-", " ")) == "recovery"
    with pytest.raises(ValidationFailed, match="not right"):
        two_factor.check_code(user, codes[3])
    assert two_factor.unused_recovery_code_count(user) == 9


def test_new_recovery_codes_replace_the_old_ones(make_user):
    user = make_user()
    secret = two_factor.new_secret()
    old = two_factor.confirm_enrolment(user, secret, _code(secret))
    next_code = _code(user.totp_secret, time.time() + 30)
    with pytest.raises(ValidationFailed, match="password"):
        two_factor.regenerate_recovery_codes(user, "wrong password", next_code)
    new = two_factor.regenerate_recovery_codes(user, DEFAULT_PASSWORD, next_code)
    assert set(new).isdisjoint(old)
    with pytest.raises(ValidationFailed):
        two_factor.check_code(user, old[0])
    assert two_factor.check_code(user, new[0]) == "recovery"


def test_only_optional_people_may_turn_it_off(make_user):
    coordinator = make_user(["coordinator"])
    with pytest.raises(PermissionDenied):
        two_factor.turn_off(coordinator, DEFAULT_PASSWORD, _code(coordinator.totp_secret))
    assert coordinator.has_two_factor

    participant = make_user(two_factor=True)
    with pytest.raises(ValidationFailed, match="password"):
        two_factor.turn_off(participant, "not my password", _code(participant.totp_secret))
    assert participant.has_two_factor
    two_factor.turn_off(participant, DEFAULT_PASSWORD, _code(participant.totp_secret))
    assert not participant.has_two_factor and participant.totp_secret is None


def test_the_key_is_shown_in_groups_of_four():
    assert two_factor.grouped_key("ABCDEFGHIJKLMNOP") == "ABCD EFGH IJKL MNOP"


def test_the_qr_code_carries_the_key_for_this_person(make_user):
    user = make_user(username="kari")
    uri = two_factor.provisioning_uri(user, "ABCDEFGHIJKLMNOP")
    assert uri.startswith("otpauth://totp/Aftercare:kari?") and "secret=ABCDEFGHIJKLMNOP" in uri
    assert two_factor.qr_data_uri(user, "ABCDEFGHIJKLMNOP").startswith("data:image/svg+xml")


# --- pages ---

def test_a_participant_enrols_and_then_logs_in_with_a_code(app, client, make_user):
    user = make_user()
    _password_step(client, user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page and "xmlns" in page
    assert re.search(r'data-testid="totp-key">([A-Z2-7]{4} ){7}[A-Z2-7]{4}<', page)
    wrong = client.post("/account/two-factor", data={"code": "12345"})
    assert "not right" in wrong.get_data(as_text=True)
    assert not db.session.get(User, user.id).has_two_factor
    codes = _enrol(client, user)
    assert len(codes) == 10
    settings = client.get("/account").get_data(as_text=True)
    assert "Two-factor sign-in: on." in settings

    fresh = app.test_client()
    response = _password_step(fresh, user, next_url="/account")
    assert response.status_code == 302 and response.location.endswith("/login/code")
    assert fresh.get("/account").status_code == 302  # the pending state is not a login
    db.session.expire_all()
    secret = db.session.get(User, user.id).totp_secret
    response = fresh.post("/login/code", data={"code": _code(secret, time.time() + 30)})
    assert response.status_code == 302 and response.location.endswith("/account")
    assert fresh.get("/account").status_code == 200


def test_the_set_up_page_stores_nothing_and_shows_its_key_again_until_confirmed(app, client, make_user):
    user = make_user()
    _password_step(client, user)
    key = _shown_key(client.get("/account/two-factor"))
    assert _shown_key(client.get("/account/two-factor")) == key  # reloading keeps the key the app was given
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.totp_secret is None and stored.totp_pending_secret is None and not stored.has_two_factor
    with client.session_transaction() as cookie_session:
        assert key not in repr(dict(cookie_session))  # sealed: the session cookie is signed, not encrypted

    other = app.test_client()
    _password_step(other, user)
    other_key = _shown_key(other.get("/account/two-factor"))
    assert other_key != key  # each browser is shown its own key
    refused = client.post("/account/two-factor", data={"code": _code(other_key)})
    assert "not right" in refused.get_data(as_text=True) and _shown_key(refused) == key
    assert len(_enrol(client, user)) == 10
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == key
    with client.session_transaction() as cookie_session:
        assert "two_factor_offer" not in cookie_session


@pytest.mark.parametrize("change", [{"since": -3601}, {"user_id": 1000}])
def test_a_key_shown_over_an_hour_ago_or_to_someone_else_is_replaced(client, make_user, change):
    user = make_user()
    _password_step(client, user)
    key = _shown_key(client.get("/account/two-factor"))
    with client.session_transaction() as cookie_session:
        offer = dict(cookie_session["two_factor_offer"])
        for name, delta in change.items():
            offer[name] += delta
        cookie_session["two_factor_offer"] = offer
    response = client.post("/account/two-factor", data={"code": _code(key)})
    assert "Start again" in response.get_data(as_text=True)
    assert _shown_key(response) != key
    db.session.expire_all()
    assert not db.session.get(User, user.id).has_two_factor
    assert len(_enrol(client, user)) == 10


def test_recovery_codes_are_not_shown_again(client, make_user):
    user = make_user()
    _password_step(client, user)
    codes = _enrol(client, user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "10 unused recovery codes" in page
    assert codes[0] not in page


def test_a_wrong_code_does_not_sign_in(client, make_user):
    user = make_user(["coordinator"])
    _password_step(client, user)
    response = client.post("/login/code", data={"code": "abc"})
    assert response.status_code == 200
    assert "That code is not right" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_the_same_code_cannot_sign_in_twice(app, make_user):
    user = make_user(["coordinator"])
    code = _code(user.totp_secret)
    first, second = app.test_client(), app.test_client()
    _password_step(first, user)
    _password_step(second, user)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    refused = second.post("/login/code", data={"code": code})
    assert "This code was already used. Wait for the next one in your app." in refused.get_data(as_text=True)
    assert second.get("/account").status_code == 302


def test_a_recovery_code_signs_in_once(app, make_user):
    user = make_user()
    setup = app.test_client()
    _password_step(setup, user)
    codes = _enrol(setup, user)
    browser = app.test_client()
    _password_step(browser, user)
    response = browser.post("/login/code", data={"code": codes[0]}, follow_redirects=True)
    assert "You used a recovery code; it will not work again. 9 are left." in response.get_data(as_text=True)
    again = app.test_client()
    _password_step(again, user)
    assert "not right" in again.post("/login/code", data={"code": codes[0]}).get_data(as_text=True)


def test_the_pending_step_expires(app, client, make_user):
    user = make_user(["coordinator"])
    _password_step(client, user)
    with client.session_transaction() as cookie_session:
        pending = dict(cookie_session["two_factor_pending"])
        pending["since"] -= 301
        cookie_session["two_factor_pending"] = pending
    response = client.post("/login/code", data={"code": _code(user.totp_secret)})
    assert response.status_code == 302 and response.location.endswith("/login")
    assert client.get("/account").status_code == 302


def test_the_pending_step_belongs_to_its_browser(app, make_user):
    user = make_user(["coordinator"])
    _password_step(app.test_client(), user)
    other = app.test_client()
    response = other.post("/login/code", data={"code": _code(user.totp_secret)})
    assert response.status_code == 302 and response.location.endswith("/login")
    assert other.get("/account").status_code == 302


def test_wrong_codes_are_throttled(app, client, make_user):
    app.config["TWO_FACTOR_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user = make_user(["coordinator"])
    _password_step(client, user)
    for _ in range(3):
        assert client.post("/login/code", data={"code": "000001"}).status_code == 200
    blocked = client.post("/login/code", data={"code": _code(user.totp_secret)})
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.get_data(as_text=True)
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize("roles", [["coordinator"], ["admin"], ["professional"]])
def test_a_required_person_without_it_can_only_set_it_up(app, client, make_user, login, roles):
    user = make_user(roles, two_factor=False)
    response = login(client, user)
    assert response.status_code == 302
    for path in ("/", "/account", "/account/sessions", "/admin/", "/groups/", "/groups/coordinate", "/time-givers/matches"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked.location.endswith("/account/two-factor"), path
    assert client.post("/account", data={"display_name": "Changed"}).location.endswith("/account/two-factor")
    assert client.get("/help").status_code == 200
    assert client.get("/account/two-factor").status_code == 200
    _enrol(client, user)
    assert client.get("/account").status_code == 200
    client.post("/logout")
    assert client.get("/account").status_code == 302


def test_an_unverified_professional_is_not_blocked(client, make_user, login):
    user = make_user(["professional"], verified=False)
    assert not user.has_two_factor
    login(client, user)
    assert client.get("/account").status_code == 200


def test_required_people_cannot_turn_it_off(client, make_user, login):
    user = make_user(["coordinator"])
    login(client, user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "cannot be turned off" in page and "/account/two-factor/off" not in page
    response = client.post("/account/two-factor/off", data={"password": DEFAULT_PASSWORD, "code": "123456"})
    assert response.status_code == 302
    assert db.session.get(User, user.id).has_two_factor


def test_a_participant_turns_it_off_with_password_and_code(app, client, make_user, login):
    user = make_user(two_factor=True)
    login(client, user)
    db.session.execute(db.update(User).values(totp_last_step=None))
    db.session.commit()
    wrong = client.post("/account/two-factor/off", data={"password": "nope", "code": _code(user.totp_secret)})
    assert "Your password is not right." in wrong.get_data(as_text=True)
    response = client.post("/account/two-factor/off",
                           data={"password": DEFAULT_PASSWORD, "code": _code(user.totp_secret)})
    assert response.status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, user.id).has_two_factor
    assert "Two-factor sign-in: off" in client.get("/account").get_data(as_text=True)


def test_admins_never_see_a_secret(client, make_user, login):
    admin = make_user(["admin"])
    person = make_user(["coordinator"])
    login(client, admin)
    page = client.get(f"/admin/accounts/{person.id}").get_data(as_text=True)
    assert person.totp_secret not in page and factory_totp_secret(person.username) not in page


# --- demo data ---

def test_demo_accounts_with_required_kinds_get_the_demo_key_and_a_code_command(runner):
    runner.invoke(args=["demo-data", "--if-empty"])
    users = {u.username: u for u in db.session.scalars(db.select(User))}
    for name in ("admin", "coordinator", "professional"):
        assert users[name].has_two_factor and users[name].totp_secret == DEMO_TOTP_SECRET
    for name in ("timegiver", "participant", "participant2"):
        assert not users[name].has_two_factor
    result = runner.invoke(args=["demo-totp", "coordinator"])
    assert result.exit_code == 0
    assert result.output.strip() in {_code(DEMO_TOTP_SECRET, time.time() + d) for d in (-30, 0)}
    assert runner.invoke(args=["demo-totp", "participant"]).exit_code != 0


def test_the_code_command_refuses_real_accounts(runner, make_user):
    make_user(["coordinator"], username="realcoord")
    result = runner.invoke(args=["demo-totp", "realcoord"])
    assert result.exit_code != 0 and "Only demo accounts" in result.output


def test_an_admin_resets_it_for_someone_who_lost_phone_and_codes(app, make_user, login):
    admin, person = make_user(["admin"]), make_user(["coordinator"])
    their_phone, admins_phone = app.test_client(), app.test_client()
    login(their_phone, person)
    login(admins_phone, admin)
    page = admins_phone.get(f"/admin/accounts/{person.id}").get_data(as_text=True)
    assert 'data-testid="admin-two-factor-state">On.' in page
    response = admins_phone.post(f"/account/two-factor/reset/{person.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, person.id).has_two_factor
    assert their_phone.get("/account").status_code == 302  # logged out everywhere
    login(their_phone, person)  # no code step now, but set-up comes first
    assert their_phone.get("/").location.endswith("/account/two-factor")


def test_nobody_else_can_reset_it(app, make_user, login):
    coordinator, person = make_user(["coordinator"]), make_user(two_factor=True)
    client = app.test_client()
    login(client, coordinator)
    assert client.post(f"/account/two-factor/reset/{person.id}").status_code == 403
    assert client.post(f"/account/two-factor/reset/{coordinator.id}").status_code == 403
    assert db.session.get(User, person.id).has_two_factor
