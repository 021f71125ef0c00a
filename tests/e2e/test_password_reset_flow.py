"""A forgotten password reset on a phone, end to end: the login page, "Forgot your password?", the mail arriving
at a real SMTP server, its link, a new password, and logging in with it."""
import pytest

from aftercare.timeutil import utcnow

from ..mail.smtp import SMTPServer, link_in
from .conftest import log_in


@pytest.fixture(scope="module")
def mail_server():
    with SMTPServer() as server:
        yield server


@pytest.fixture(scope="module")
def live_server_env(mail_server):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(mail_server.port),
            "MAIL_DEFAULT_SENDER": "Aftercare <aftercare@example.org>"}


@pytest.mark.parametrize("locale, texts", [
    ("en-GB", {"forgot": "Forgot your password?", "send": "Send me a link", "sent": "Check your e-mail",
               "save": "Save the new password", "saved": "Your new password is saved"}),
    ("nb-NO", {"forgot": "Glemt passordet?", "send": "Send meg en lenke", "sent": "Sjekk e-posten din",
               "save": "Lagre det nye passordet", "saved": "Det nye passordet er lagret"}),
])
def test_reset_a_forgotten_password(live_server, factories_live, mail_server, new_page, locale, texts):
    name = "kari" + locale[:2]
    with live_server.seed():
        factories_live.user(username=name, display_name="Kari", email=f"{name}@example.no",
                            email_verified_at=utcnow())
    already = len(mail_server.inbox.messages)
    page = new_page(locale)
    page.goto(live_server.url + "/login")
    page.get_by_role("link", name=texts["forgot"]).click()
    page.fill("#identifier", name)
    page.get_by_role("button", name=texts["send"]).click()
    assert page.get_by_role("heading", name=texts["sent"]).is_visible()

    message = mail_server.inbox.wait_for(already + 1)[already][1]
    link = link_in(message, "/reset/")
    assert link.startswith(live_server.url)
    page.goto(link)
    page.fill("#new_password", "a brand new passphrase")
    page.get_by_role("button", name=texts["save"]).click()
    page.wait_for_url("**/login")
    assert texts["saved"] in page.text_content("main")

    log_in(page, live_server.url, name, "a brand new passphrase")
    assert "/login" not in page.url
    # The link worked once.
    page.goto(link)
    assert page.title() and page.locator("main .error").is_visible()
