"""In a phone-sized Chromium: a coordinator without two-factor sign-in is sent to set it up, scans nothing
but types the key shown into an "app" (pyotp here), saves the recovery codes, logs out and logs in again
with a code; a replayed code is refused."""
import re
import time

import pyotp

from aftercare.accounts.models import Role

PASSWORD = "correct horse battery"


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def password_step(page, url):
    page.goto(url + "/login")
    page.fill("#username", "tfcoord")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")


def test_coordinator_enrols_then_logs_in_with_a_code(live_server, factories_live, page):
    url = live_server.url
    with live_server.seed():
        factories_live.user([Role.COORDINATOR.value], username="tfcoord", display_name="Kari", two_factor=False)

    password_step(page, url)
    page.wait_for_url(re.compile(r".*/account/two-factor$"))
    assert "needs two-factor sign-in" in page.text_content("main")
    page.goto(url + "/groups/coordinate")  # nothing else is reachable yet
    page.wait_for_url(re.compile(r".*/account/two-factor$"))
    assert page.evaluate("document.querySelector('img.qr-code').naturalWidth") > 0  # the QR code renders
    assert no_sideways_scroll(page)
    key = page.text_content("[data-testid=totp-key]")
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", key.strip())
    app = pyotp.TOTP(key.replace(" ", ""))

    page.fill("#code", "000000" if app.now() != "000000" else "111111")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=That code is not right")
    enrol_code = app.now()
    page.fill("#code", enrol_code)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Your recovery codes")
    assert page.locator("[data-testid=recovery-codes] li").count() == 10
    assert no_sideways_scroll(page)
    page.click("text=I have saved my codes")
    page.wait_for_selector("[data-testid=two-factor-state]")

    page.click("text=Log out")
    page.wait_for_url(re.compile(r".*/login$"))
    password_step(page, url)
    page.wait_for_url(re.compile(r".*/login/code$"))
    page.fill("#code", enrol_code)  # the code just used to enrol: a replay
    page.click("main button[type=submit]")
    page.wait_for_selector("text=This code was already used. Wait for the next one in your app.")
    page.fill("#code", app.at(time.time() + 30))
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Hello, Kari")
    page.goto(url + "/account")
    assert "Two-factor sign-in: on." in page.text_content("main")
