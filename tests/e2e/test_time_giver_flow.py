"""In a phone-sized Chromium: a volunteer applies, a coordinator vets and approves them, a participant asks,
the coordinator proposes the pairing, both say yes, they exchange messages in their private channel,
and the participant ends the pairing kindly."""
from aftercare.accounts.models import Role

from .conftest import log_in

PASSWORD = "correct horse battery"


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sign_in(page, url, username):
    log_in(page, url, username, PASSWORD)
    page.wait_for_selector("text=Hello")


def test_apply_vet_ask_propose_accept_and_end(live_server, factories_live, new_page):
    url = live_server.url
    with live_server.seed():
        factories_live.user([Role.COORDINATOR.value], username="tgcoord", display_name="Kari")
        factories_live.user([Role.PARTICIPANT.value], username="tgvol", display_name="Ola")
        factories_live.user([Role.PARTICIPANT.value], username="tgpart", display_name="Lise")

    # A volunteer applies, with the weekly grid on a phone.
    volunteer = new_page()
    sign_in(volunteer, url, "tgvol")
    volunteer.click("text=Become a time-giver")
    volunteer.click("text=Apply to be a time-giver")
    assert no_sideways_scroll(volunteer)
    volunteer.fill("#motivation", "I like long walks and would like to give some time.")
    volunteer.check("input[name=activities][value=walks]")
    volunteer.check("input[name=languages][value=nb]")
    volunteer.fill("#area", "Oslo")
    volunteer.check("input[name=availability][value='1-evening']")
    volunteer.check("#declaration")
    volunteer.click("main button[type=submit]")
    # The coordinator is to contact her: the form asks how, and sends nothing until it knows.
    volunteer.wait_for_selector("#contact_for_coordinators-error")
    assert volunteer.is_checked("#declaration")
    volunteer.fill("#contact_for_coordinators", "ola@example.org, evenings")
    volunteer.click("main button[type=submit]")
    volunteer.wait_for_selector("text=Thank you for applying")

    # The coordinator records the checklist (no document, only dates) and approves.
    coordinator = new_page()
    sign_in(coordinator, url, "tgcoord")
    coordinator.click("text=Vetting and pairing")
    coordinator.click("main >> text=Ola")
    assert "ola@example.org, evenings" in coordinator.text_content("[data-testid=time-giver-contact]")
    coordinator.fill("#interview_on", "2025-01-05")
    coordinator.fill("#training_on", "2025-01-06")
    coordinator.fill("#certificate_seen_on", "2025-01-07")
    coordinator.fill("#certificate_expires_on", "2099-01-07")
    coordinator.click("button:has-text('Save checklist')")
    coordinator.wait_for_selector("text=The checklist is saved")
    coordinator.click("button:has-text('Approve as time-giver')")
    coordinator.wait_for_selector("text=Approved.")
    assert no_sideways_scroll(coordinator)

    volunteer.goto(url + "/time-givers/volunteer")
    volunteer.click("button:has-text('I am ready to be paired')")
    volunteer.wait_for_selector("[data-testid=time-giver-status] >> text=Active")

    # A participant asks for a time-giver and chooses what is shown.
    participant = new_page()
    sign_in(participant, url, "tgpart")
    participant.click("text=Ask for a time-giver")
    assert no_sideways_scroll(participant)
    participant.fill("#wishes", "Walks, maybe the cinema")
    participant.check("input[name=activities][value=walks]")
    participant.fill("#area", "Oslo")
    participant.check("input[name=availability][value='1-evening']")
    participant.click("main button[type=submit]")
    participant.wait_for_selector("text=Waiting for a suggestion")

    # The coordinator sees the reasons and proposes.
    coordinator.goto(url + "/time-givers/coordinate/requests")
    coordinator.click("main >> text=Lise")
    suggestion = coordinator.text_content("[data-testid=suggestion]")
    assert "1 shared activity: Walks" in suggestion and "both free Tuesday evening" in suggestion
    coordinator.click("button:has-text('Propose Ola')")
    coordinator.wait_for_selector("text=The participant is asked first")

    # The participant says yes first, then the time-giver.
    participant.goto(url + "/time-givers/my-request")
    participant.click("text=See who it is and answer")
    assert participant.text_content("[data-testid=proposed-name]").strip() == "Ola"
    assert no_sideways_scroll(participant)
    participant.click("button:has-text('Yes, I would like that')")
    participant.wait_for_selector("text=Your answer is saved")
    assert participant.url.endswith("/time-givers/my-request")  # where it says the time-giver is asked now

    volunteer.goto(url + "/time-givers/matches")
    volunteer.click("text=See the short profile and answer")
    assert "Walks, maybe the cinema" in volunteer.text_content("main")
    volunteer.click("button:has-text('Yes, I would like that')")
    volunteer.wait_for_selector("h1:has-text('You and Lise')")

    # Introduced in their private channel: a message from one appears on the other's phone.
    match_page = volunteer.url
    volunteer.click("text=Open your private chat")
    volunteer.wait_for_selector("h1:has-text('Lise')")
    participant.goto(url + "/time-givers/matches")
    participant.click("main >> text=Ola")
    participant.click("text=Open your private chat")
    participant.wait_for_selector("#chat-here:has-text('Ola')")
    volunteer.fill("#body", "Hi Lise! A walk by the river on Thursday?")
    volunteer.click("main button:has-text('Send')")
    participant.wait_for_selector("li.chat-msg:has-text('A walk by the river on Thursday?')")
    participant.fill("#body", "Yes, gladly.")
    participant.click("main button:has-text('Send')")
    volunteer.wait_for_selector("li.chat-msg:has-text('Yes, gladly.')")

    # The participant ends the pairing, without a reason, with a goodbye only the time-giver reads.
    participant.goto(url + "/time-givers/matches")
    participant.click("main >> text=Ola")
    participant.click("main >> a:has-text('End the pairing')")
    participant.fill("#farewell", "Thank you for the walks.")
    participant.click("main button[type=submit]")
    participant.wait_for_selector("text=You ended this pairing")
    assert no_sideways_scroll(participant)

    volunteer.goto(match_page)
    volunteer.wait_for_selector("text=Lise has ended the pairing")
    assert "Thank you for the walks." in volunteer.text_content("[data-testid=match-ended]")

    coordinator.goto(url + "/time-givers/coordinate/matches")
    listing = coordinator.text_content("main")
    assert "ended" in listing and "Thank you for the walks." not in listing
