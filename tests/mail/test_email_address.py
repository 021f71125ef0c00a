"""Adding an e-mail address, verified by the link in the mail a real SMTP server received; both languages;
and every e-mail feature hidden when no SMTP server is configured."""
import pytest
from sqlalchemy import select

from aftercare.accounts.models import User
from aftercare.extensions import db

from .smtp import body_of, link_in


def signed_in(app, login, user, language="en"):
    client = app.test_client()
    login(client, user)
    client.post("/language", data={"locale": language})
    return client


def path_of(link):
    return link.split("localhost", 1)[1]


def test_address_is_verified_by_the_link_in_the_mail(app, login, make_user, smtp):
    user = make_user()
    client = signed_in(app, login, user)
    page = client.post("/account/email", data={"email": " Kari@Example.NO ", "digest": "y"}, follow_redirects=True)
    assert "We have sent a link to the address" in page.get_data(as_text=True)
    assert "kari@example.no is not confirmed yet" in page.get_data(as_text=True)
    [(recipients, message)] = smtp.wait_for(1)
    assert recipients == ["kari@example.no"] and message["Subject"] == "Confirm your e-mail address for Aftercare"
    link = path_of(link_in(message, "/account/email/verify/"))

    # Opening the link changes nothing; the button does.
    assert "Confirm my address" in client.get(link).get_data(as_text=True)
    assert db.session.get(User, user.id).email_verified_at is None
    page = client.post(link, follow_redirects=True)
    assert "Your e-mail address is confirmed." in page.get_data(as_text=True)
    assert "kari@example.no is confirmed." in page.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.verified_email == "kari@example.no" and stored.email_digest is True

    # Single use: the same link is refused afterwards.
    again = client.post(link)
    assert again.status_code == 410 and "already confirmed" in again.get_data(as_text=True)


def test_a_changed_address_needs_a_new_verification_and_the_old_link_stops(app, login, make_user, smtp):
    user = make_user()
    client = signed_in(app, login, user)
    client.post("/account/email", data={"email": "first@example.no"})
    first = path_of(link_in(smtp.wait_for(1)[0][1], "/verify/"))
    client.post("/account/email", data={"email": "second@example.no"})
    smtp.wait_for(2)
    assert client.get(first).status_code == 410
    assert db.session.scalar(select(User.email_verified_at).where(User.id == user.id)) is None
    # Removing the address removes the digest too.
    client.post("/account/email", data={"email": "", "digest": "y"})
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.email is None and stored.email_digest is False


def test_bad_address_is_refused_and_changes_nothing(app, login, make_user, smtp):
    user = make_user()
    client = signed_in(app, login, user)
    page = client.post("/account/email", data={"email": "not an address"})
    assert page.status_code == 200 and "Write the whole e-mail address" in page.get_data(as_text=True)
    assert db.session.scalar(select(User.email).where(User.id == user.id)) is None
    assert smtp.messages == []


def test_a_tampered_link_is_refused(app, make_user, smtp, client):
    assert client.get("/account/email/verify/not-a-token").status_code == 410


def test_mail_and_pages_in_norwegian(app, login, make_user, smtp):
    user = make_user(locale="nb")
    client = signed_in(app, login, user, "nb")
    page = client.get("/account/email").get_data(as_text=True)
    assert "E-postadresse" in page
    client.post("/account/email", data={"email": "kari@example.no"})
    [(_, message)] = smtp.wait_for(1)
    assert message["Subject"] == "Bekreft e-postadressen din for Aftercare"
    assert "Lenken virker én gang" in body_of(message)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_email_features_hidden_without_smtp(app, login, make_user, client, language):
    user = make_user(["admin"])
    client.post("/language", data={"locale": language})
    login_page = client.get("/login").get_data(as_text=True)
    assert "/login/forgot" not in login_page
    assert client.get("/login/forgot").status_code == 404
    signed = signed_in(app, login, user, language)
    assert signed.get("/account/email").status_code == 404
    assert "/account/email" not in signed.get("/account").get_data(as_text=True)
    page = signed.post("/admin/invitations", data={"roles": ["participant"], "days": 7}).get_data(as_text=True)
    assert "/register/" in page and "/invitations/email" not in page


def test_an_expired_link_is_refused_and_the_link_does_not_carry_the_address(app, login, make_user, smtp):
    import base64
    import time

    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    user = make_user()
    client = signed_in(app, login, user)
    client.post("/account/email", data={"email": "kari@example.no"})
    link = path_of(link_in(smtp.wait_for(1)[0][1], "/verify/"))
    token = link.rsplit("/", 1)[1]
    payload = base64.urlsafe_b64decode(token.split(".")[0] + "==")
    assert b"kari" not in payload and b"example" not in payload

    class TwoDaysAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 49 * 3600

    content = URLSafeTimedSerializer(app.secret_key, salt="email-verification").loads(token)
    stale = URLSafeTimedSerializer(app.secret_key, salt="email-verification", signer=TwoDaysAgo).dumps(content)
    response = client.post(f"/account/email/verify/{stale}")
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(User.email_verified_at).where(User.id == user.id)) is None
