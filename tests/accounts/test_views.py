"""Account pages as a person uses them: register, log in and out, settings, devices, deletion."""
import re
from datetime import timedelta

from sqlalchemy import select

from aftercare.accounts import services
from aftercare.accounts.models import LoginSession, User
from aftercare.extensions import db
from aftercare.timeutil import utcnow


def invite(admin_user, roles=("participant",)):
    return services.create_invitation(admin_user, list(roles))[1]


def test_register_through_invitation_and_land_logged_in(client, make_user):
    token = invite(make_user(["admin"]))
    form = client.get(f"/register/{token}")
    assert form.status_code == 200 and "Create your account" in form.get_data(as_text=True)
    response = client.post(f"/register/{token}", data={
        "username": "nora", "display_name": "Nora", "password": "my own long passphrase"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Hello, Nora" in page
    assert db.session.scalar(select(User).where(User.username == "nora")) is not None


def test_register_with_bad_input_shows_the_problem_next_to_the_field(client, make_user):
    token = invite(make_user(["admin"]))
    response = client.post(f"/register/{token}", data={
        "username": "nora", "display_name": "Nora", "password": "password123"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="password-error">[^<]*most common', page)
    assert db.session.scalar(select(User).where(User.username == "nora")) is None
    # the invitation is still usable after a mistake
    assert client.get(f"/register/{token}").status_code == 200


def test_used_expired_and_forged_invitation_pages(client, make_user):
    admin = make_user(["admin"])
    token = invite(admin)
    services.register(token, username="first", display_name="First", password="a fine long passphrase")
    used = client.get(f"/register/{token}")
    assert used.status_code == 410 and "already been used" in used.get_data(as_text=True)
    forged = client.get("/register/not-a-real-token")
    assert forged.status_code == 410 and "not valid" in forged.get_data(as_text=True)
    invitation, token = services.create_invitation(admin, ["participant"])
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert "expired" in client.get(f"/register/{token}").get_data(as_text=True)


def test_login_and_logout(client, make_user, login):
    user = make_user(display_name="Lise")
    response = login(client, user)
    assert response.status_code == 302
    assert "Hello, Lise" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.get("/account").status_code == 302
    assert db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id)).ended_at is not None


def test_wrong_password_gives_one_clear_message(client, make_user, login):
    response = login(client, make_user(), password="not the password")
    assert "do not match an account" in response.get_data(as_text=True)


def test_login_does_not_follow_offsite_next(client, make_user):
    user = make_user()
    response = client.post("/login?next=//evil.example/x", data={
        "username": user.username, "password": "correct horse battery"})
    assert response.headers["Location"] == "/"


def test_session_cookie_changes_at_login(client, make_user, login):
    client.get("/login")
    before = client.get_cookie("session")
    login(client, make_user())
    after = client.get_cookie("session")
    assert after is not None and (before is None or before.value != after.value)


def test_password_change_ends_other_devices(app, make_user, login):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    response = phone.post("/account/password", data={
        "current_password": "correct horse battery", "new_password": "another long passphrase"},
        follow_redirects=True)
    assert "1 other device was logged out" in response.get_data(as_text=True)
    assert phone.get("/account").status_code == 200
    assert laptop.get("/account").status_code == 302  # sent to the login page


def test_devices_page_and_log_out_all_others(app, make_user, login):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    laptop.post("/login", data={"username": user.username, "password": "correct horse battery"},
                headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"})
    page = phone.get("/account/sessions").get_data(as_text=True)
    assert "This device" in page and "Chrome · Linux" in page
    phone.post("/account/sessions/end-others")
    assert laptop.get("/account").status_code == 302
    assert phone.get("/account").status_code == 200


def test_inactivity_timeout(client, make_user, login):
    login(client, make_user())
    db.session.execute(db.update(LoginSession).values(last_seen_at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_settings_save_private_fields_and_language(client, make_user, login):
    user = make_user()
    login(client, user)
    client.post("/account", data={"display_name": "Ny", "real_name": "Kari Nordmann",
                                  "phone": "+47 99 88 77 66", "locale": "nb"})
    db.session.refresh(user)
    assert (user.display_name, user.real_name, user.locale) == ("Ny", "Kari Nordmann", "nb")
    assert "Min konto" in client.get("/account").get_data(as_text=True)


def test_settings_bad_phone_changes_nothing(client, make_user, login):
    user = make_user(display_name="Same")
    login(client, user)
    response = client.post("/account", data={"display_name": "Other", "phone": "ring meg", "locale": ""})
    assert "phone number" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.display_name == "Same" and user.phone is None


def test_delete_account_needs_confirmation(client, make_user, login):
    user = make_user()
    user_id = user.id
    login(client, user)
    page = client.post("/account/delete", data={"password": "correct horse battery"}).get_data(as_text=True)
    assert "Tick the box" in page
    assert db.session.get(User, user_id) is not None
    response = client.post("/account/delete", data={"password": "correct horse battery", "confirm": "y"},
                           follow_redirects=True)
    assert "Your account is deleted" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
