"""In a phone-sized Chromium: a professional makes a referral, the person redeems it with the code from
paper, reads their note and lets the referrer know they started; the professional sees only "Used"."""
from aftercare.accounts.models import Role
from tests.e2e.conftest import log_in


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_referral_redeemed_and_shared(live_server, factories_live, new_page):
    with live_server.seed():
        factories_live.user([Role.PROFESSIONAL.value], username="e2edoctor", display_name="Dr. Lie")

    doctor = new_page()
    log_in(doctor, live_server.url, "e2edoctor")  # answers the code step (two-factor sign-in)
    doctor.wait_for_selector("h1:has-text('Your referrals')")
    doctor.click("text=Make a referral")
    doctor.select_option("#wants", "group")
    doctor.fill("#note", "Would like a group for mothers, evenings")
    doctor.click("main button[type=submit]")
    code = doctor.text_content("[data-testid=referral-code]").strip()
    assert len(code) == 11 and no_sideways_scroll(doctor)

    person = new_page()
    person.goto(live_server.url + "/")
    person.click("text=I have a referral code")
    person.fill("#code", code.lower().replace("-", " "))
    person.click("main button[type=submit]")
    person.fill("#username", "siri")
    person.fill("#display_name", "Siri")
    person.fill("#password", "my own long passphrase")
    person.click("main button[type=submit]")
    person.wait_for_selector("h1:has-text('My referral')")
    assert "Would like a group for mothers" in person.text_content(".referral-note")
    assert no_sideways_scroll(person)

    doctor.goto(live_server.url + "/professional")
    assert doctor.text_content("[data-testid=referral-status]").strip() == "Not used yet, or not shared"

    person.check("#tell_referrer")
    person.click("[data-testid=share-form] button[type=submit]")
    person.wait_for_selector("text=Your referrer sees that you started")

    doctor.goto(live_server.url + "/professional")
    assert doctor.text_content("[data-testid=referral-status]").strip() == "Used"
    main = doctor.text_content("main")
    assert "Siri" not in main and "siri" not in main
    assert no_sideways_scroll(doctor)

    # The same code cannot be used again.
    again = new_page()
    again.goto(live_server.url + "/referral/" + code)
    assert "already been used" in again.text_content("main")
