"""Resetting a forgotten password: a link mailed to a verified address (the same answer whatever was typed,
throttled), or made by a coordinator or an admin and handed over in person (audited, shown to the person);
single-use and expiring; it ends every login, and the second factor is still asked for."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from aftercare.accounts.models import LoginSession, PasswordReset
from aftercare.audit.models import AuditEntry
from aftercare.extensions import db
from aftercare.timeutil import utcnow

from ..factories import DEFAULT_PASSWORD
from .smtp import body_of, link_in

NEW_PASSWORD = "a brand new passphrase"


def path_of(link):
    return link.split("localhost", 1)[1]


def with_address(make_user, address="kari@example.no", **fields):
    return make_user(email=address, email_verified_at=utcnow(), **fields)


def without_tokens(response):
    """The page's main part without its form tokens (each carries the second it was signed in)."""
    main = re.search(r"<main.*</main>", response.get_data(as_text=True), re.S).group(0)
    return re.sub(r"<input[^>]*csrf_token[^>]*>", "", main)


def forgot(client, identifier):
    return client.post("/login/forgot", data={"identifier": identifier})


def test_the_answer_is_the_same_whatever_was_typed(app, make_user, client, smtp):
    with_address(make_user, username="kari")
    make_user(username="nomail")
    make_user(username="unconfirmed", email="u@example.no")
    answers = {name: forgot(client, name) for name in ("nobody-at-all", "nomail", "unconfirmed", "kari")}
    texts = {without_tokens(response) for response in answers.values()}
    assert {response.status_code for response in answers.values()} == {200}
    assert len(texts) == 1 and "If an account with a confirmed e-mail address matches" in texts.pop()
    # Only the account with a confirmed address got mail (the others sent nothing at all).
    [(recipients, message)] = smtp.wait_for(1)
    assert recipients == ["kari@example.no"] and "kari" in body_of(message)


def test_reset_by_mail_ends_every_login_and_works_once(app, login, make_user, client, smtp):
    user = with_address(make_user, username="kari")
    elsewhere = app.test_client()
    login(elsewhere, user)
    assert elsewhere.get("/account").status_code == 200
    forgot(client, "KARI@example.no ")  # an address works too, in any case
    link = path_of(link_in(smtp.wait_for(1)[0][1], "/reset/"))
    page = client.get(link)
    assert page.status_code == 200 and "Choose a new password" in page.get_data(as_text=True)
    weak = client.post(link, data={"new_password": "short"})
    assert weak.status_code == 200 and "at least 8" in weak.get_data(as_text=True)
    done = client.post(link, data={"new_password": NEW_PASSWORD}, follow_redirects=True)
    assert "Your new password is saved" in done.get_data(as_text=True)
    assert elsewhere.get("/account").status_code == 302  # logged out there
    assert db.session.scalar(select(LoginSession.id).where(LoginSession.user_id == user.id,
                                                           LoginSession.ended_at.is_(None))) is None
    fresh = app.test_client()
    assert "do not match" in login(fresh, user, DEFAULT_PASSWORD).get_data(as_text=True)
    assert login(fresh, user, NEW_PASSWORD).status_code == 302
    again = client.post(link, data={"new_password": "yet another passphrase"})
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)


def test_two_factor_is_still_asked_for_after_a_reset(app, login, make_user, client, smtp):
    user = with_address(make_user, username="kari", two_factor=True)
    forgot(client, "kari")
    link = path_of(link_in(smtp.wait_for(1)[0][1], "/reset/"))
    client.post(link, data={"new_password": NEW_PASSWORD})
    response = login(app.test_client(), user, NEW_PASSWORD, second_step=False)
    assert response.status_code == 302 and response.location.endswith("/login/code")


def test_an_older_link_stops_when_a_newer_one_is_asked_for(app, make_user, client, smtp):
    with_address(make_user, username="kari")
    forgot(client, "kari")
    first = path_of(link_in(smtp.wait_for(1)[0][1], "/reset/"))
    forgot(client, "kari")
    second = path_of(link_in(smtp.wait_for(2)[1][1], "/reset/"))
    assert client.get(first).status_code == 410 and client.get(second).status_code == 200


def test_forgot_is_throttled_the_same_for_any_name(app, make_user, client, smtp):
    app.config["PASSWORD_RESET_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    with_address(make_user, username="kari")
    for name in ("a", "b", "c"):
        assert forgot(client, name).status_code == 200
    for name in ("kari", "nobody"):
        paused = forgot(client, name)
        assert paused.status_code == 429 and "Try again in" in paused.get_data(as_text=True)
    app.config["PASSWORD_RESET_LIMIT_PER_ADDRESS"] = "50 per 15 minutes"
    for _ in range(3):
        forgot(client, "kari")
    assert forgot(client, "kari").status_code == 429  # per name typed: nobody floods one inbox
    assert forgot(client, "someone-else").status_code == 200


def test_an_expired_link_is_refused(app, make_user, client, smtp):
    with_address(make_user, username="kari")
    forgot(client, "kari")
    link = path_of(link_in(smtp.wait_for(1)[0][1], "/reset/"))
    db.session.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    for response in (client.get(link), client.post(link, data={"new_password": NEW_PASSWORD})):
        assert response.status_code == 410 and "expired" in response.get_data(as_text=True)


# --- links made by a coordinator or an admin ---

def issue(client, username):
    return client.post("/account-help/password", data={"username": username})


def issued_path(page):
    return re.search(r'value="http://localhost(/reset/[^"]+)"', page.get_data(as_text=True)).group(1)


def test_coordinator_link_is_audited_shown_to_the_person_and_single_use(app, login, make_user):
    coordinator = make_user(["coordinator"], display_name="Kari K")
    person = make_user(username="ola")
    staff = app.test_client()
    login(staff, coordinator)
    page = issue(staff, "OLA")
    assert page.status_code == 200 and "The link is made" in page.get_data(as_text=True)
    path = issued_path(page)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.subject_user_id == person.id))
    assert entry.action == "coordinator.issued_reset" and entry.actor_id == coordinator.id
    assert path.split("/reset/")[1] not in str(entry.params)  # the secret is not in the log

    own = app.test_client()
    login(own, person)
    seen = own.get("/who-saw-what").get_data(as_text=True)
    assert "Kari K (coordinator) made a link for choosing a new password for your account" in seen

    anyone = app.test_client()
    assert anyone.post(path, data={"new_password": NEW_PASSWORD}).status_code == 302
    assert own.get("/account").status_code == 302  # the person's own login ended too
    assert anyone.post(path, data={"new_password": "another passphrase"}).status_code == 410
    assert login(app.test_client(), person, NEW_PASSWORD).status_code == 302


def test_coordinator_link_expires(app, login, make_user):
    coordinator = make_user(["coordinator"])
    make_user(username="ola")
    staff = app.test_client()
    login(staff, coordinator)
    path = issued_path(issue(staff, "ola"))
    reset = db.session.scalar(select(PasswordReset))
    assert timedelta(hours=23) < reset.expires_at - utcnow() <= timedelta(hours=24)
    db.session.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert app.test_client().get(path).status_code == 410


@pytest.mark.parametrize("kinds", [["coordinator"], ["professional"], ["admin"], ["participant", "coordinator"]])
def test_coordinators_help_only_participants_and_time_givers(app, login, make_user, kinds):
    coordinator = make_user(["coordinator"])
    make_user(kinds, username="staffer")
    make_user(["time_giver"], username="volunteer")
    staff = app.test_client()
    login(staff, coordinator)
    refused, unknown = issue(staff, "staffer"), issue(staff, "no-such-name")
    assert refused.get_data(as_text=True).count("There is no account with this user name") == 1
    assert without_tokens(refused).replace("staffer", "?") == without_tokens(unknown).replace("no-such-name", "?")
    assert db.session.scalar(select(PasswordReset.id)) is None
    assert "The link is made" in issue(staff, "volunteer").get_data(as_text=True)
    admin = app.test_client()
    login(admin, make_user(["admin"]))
    assert "The link is made" in issue(admin, "staffer").get_data(as_text=True)
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "admin.issued_reset"))


def test_people_without_the_role_do_not_see_the_page(app, login, make_user):
    for kinds in (["participant"], ["time_giver"], ["professional"]):
        client = app.test_client()
        login(client, make_user(kinds))
        assert client.get("/account-help/password").status_code == 404
        assert issue(client, "anyone").status_code == 404


def test_the_reset_page_in_norwegian(app, login, make_user):
    coordinator = make_user(["coordinator"])
    make_user(username="ola", locale="nb")
    staff = app.test_client()
    login(staff, coordinator)
    staff.post("/language", data={"locale": "nb"})
    page = issue(staff, "ola")
    assert "Lenken er laget" in page.get_data(as_text=True)
    visitor = app.test_client()
    visitor.post("/language", data={"locale": "nb"})
    assert "Velg et nytt passord" in visitor.get(issued_path(page)).get_data(as_text=True)


def test_logs_hold_no_address_and_no_link(app, login, make_user, client, smtp, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="aftercare.mail")
    user = make_user(username="kari")
    own = app.test_client()
    login(own, user)
    own.post("/account/email", data={"email": "kari.secret@example.no"})
    verify = path_of(link_in(smtp.wait_for(1)[0][1], "/verify/"))
    own.post(verify)
    forgot(client, "kari.secret@example.no")
    reset = path_of(link_in(smtp.wait_for(2)[1][1], "/reset/"))
    client.post(reset, data={"new_password": NEW_PASSWORD})
    # The app's own log (the test's SMTP server, aiosmtpd, logs as "mail.log" and is not the app).
    logged = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("mail.log"))
    assert "mail.sent kind=verify-email" in logged  # the reset's own mail is logged from its background thread
    for secret in ("kari.secret", "example.no", verify.rsplit("/", 1)[1], reset.rsplit("/", 1)[1]):
        assert secret not in logged
