"""In a phone-sized Chromium: an admin invites, the newcomer registers, logs in, switches to Norwegian
and opens the help page; every page fits a 360-px-wide screen."""
import re

from aftercare.accounts.models import Role

from .conftest import log_in


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_invitation_registration_language_and_help(live_server, factories_live, new_page):
    with live_server.seed():
        factories_live.user([Role.ADMIN.value], username="e2eadmin", display_name="Admin")
        factories_live.helplines()

    admin = new_page()
    log_in(admin, live_server.url, "e2eadmin")
    admin.goto(live_server.url + "/admin/invitations")
    admin.click("text=Create invitation")
    link = admin.input_value("[data-testid=invitation-link]")
    assert "/register/" in link

    newcomer = new_page()
    newcomer.goto(link)
    assert no_sideways_scroll(newcomer)
    newcomer.fill("#username", "nora")
    newcomer.fill("#display_name", "Nora")
    newcomer.fill("#password", "password123")
    newcomer.click("main button[type=submit]")
    assert "most common" in newcomer.text_content("#password-error")
    newcomer.fill("#password", "my own long passphrase")
    newcomer.click("main button[type=submit]")
    newcomer.wait_for_selector("text=Hello, Nora")

    newcomer.click("text=Log out")
    newcomer.wait_for_url(re.compile(r".*/login$"))
    newcomer.fill("#username", "nora")
    newcomer.fill("#password", "my own long passphrase")
    newcomer.click("main button[type=submit]")
    newcomer.wait_for_selector("text=Hello, Nora")

    newcomer.click("[data-testid=switch-language]")
    newcomer.wait_for_selector("text=Hei, Nora")
    newcomer.click("text=Trenger du hjelp nå?")
    newcomer.wait_for_selector("h1:has-text('Trenger du hjelp nå?')")
    assert newcomer.get_attribute("a.call >> nth=0", "href") == "tel:113"
    assert no_sideways_scroll(newcomer)

    # the same link cannot be used twice
    again = new_page()
    again.goto(link)
    assert "already been used" in again.text_content("main")


def test_pages_fit_a_360px_screen(live_server, factories_live, browser):
    with live_server.seed():
        factories_live.user([Role.ADMIN.value, Role.PARTICIPANT.value], username="narrow", display_name="A")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, "narrow")
    page.wait_for_selector("text=Hello, A")
    for path in ["/", "/help", "/account", "/account/password", "/account/sessions", "/account/delete",
                 "/account/two-factor", "/account/two-factor/recovery-codes",
                 "/admin/", "/admin/invitations", "/admin/helplines", "/offline"]:
        page.goto(live_server.url + path)
        assert no_sideways_scroll(page), path
    context.close()
