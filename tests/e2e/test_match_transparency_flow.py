"""In a phone-sized Chromium: before saying yes a participant reads what her time-giver may tell the
coordinator; both of the pair see how a quiet match is followed up (a private reminder first); after
the match ends the time-giver no longer sees what she shared; and "not from my own neighbourhood"
reaches the coordinator's page."""
from datetime import timedelta

from aftercare.accounts.models import Role
from aftercare.matching.services import matches
from aftercare.timeutil import local_today

from ..matching.factories import MatchingFactories
from .conftest import log_in

PASSWORD = "correct horse battery"


def sign_in(page, url, username):
    log_in(page, url, username, PASSWORD)
    page.wait_for_load_state()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_nothing_is_hidden_in_the_one_to_one_match(live_server, factories_live, new_page, tmp_path):
    url = live_server.url
    with live_server.seed():
        mf = MatchingFactories(factories_live)
        mf._coordinator = factories_live.user([Role.COORDINATOR.value], username="mtcoord", display_name="Kari")
        volunteer_user = factories_live.user([Role.PARTICIPANT.value], username="mtvol", display_name="Ola")
        time_giver = mf.time_giver(volunteer_user, district="Nydalen")
        participant_user = factories_live.user([Role.PARTICIPANT.value], username="mtpart", display_name="Lise")
        time_giver_request = mf.request(participant_user, wishes="A quiet walk by the sea", interests="birdwatching",
                                        shared_with_time_giver=["wishes", "interests", "availability"])
        proposal = mf.proposal(time_giver_request, time_giver)
        proposal_id = proposal.id

    # 1. Before her yes: what the time-giver may tell the coordinator, in bokmål, above the button.
    participant = new_page(locale="nb-NO")
    sign_in(participant, url, "mtpart")
    participant.goto(url + f"/time-givers/proposals/{proposal_id}")
    told = participant.locator("[data-testid=before-you-say-yes]")
    assert "kan det tas opp med koordinatoren" in told.text_content()
    assert "30 dager" in told.text_content() and "14 dager til" in told.text_content()
    yes = participant.locator("main button:has-text('Ja')").first
    assert told.bounding_box()["y"] < yes.bounding_box()["y"]
    participant.click("text=Erklæringen tidsgiveren din har skrevet under på")
    participant.wait_for_selector("text=å snakke bare med koordinatoren hvis jeg er bekymret", state="visible")
    assert no_sideways_scroll(participant)
    participant.screenshot(path=str(tmp_path / "1-proposal-nb.png"), full_page=True)
    yes.click()

    volunteer = new_page()
    sign_in(volunteer, url, "mtvol")
    volunteer.goto(url + f"/time-givers/proposals/{proposal_id}")
    volunteer.click("main button:has-text('Yes, I would like that')")
    volunteer.wait_for_selector("text=You both said yes")
    match_url = volunteer.url
    assert "A quiet walk by the sea" in volunteer.text_content("main")

    # 2. Thirty quiet days: the sweep reminds the time-giver only; both pages say so.
    with live_server.seed():
        assert matches.remind_quiet_matches(local_today() + timedelta(days=30)) == 1
    volunteer.goto(match_url)
    quiet = volunteer.text_content("[data-testid=quiet-follow-up]")
    assert "The time-giver was reminded privately on" in quiet and "the coordinator will ask" in quiet
    volunteer.screenshot(path=str(tmp_path / "2-match-time-giver-en.png"), full_page=True)
    participant.goto(match_url)
    assert "Tidsgiveren fikk en privat påminnelse" in participant.text_content("[data-testid=quiet-follow-up]")
    participant.screenshot(path=str(tmp_path / "2-match-participant-nb.png"), full_page=True)
    volunteer.goto(url + "/notifications")
    assert "Only you are told now" in volunteer.text_content("main")

    # 3. She ends the match: the time-giver's page no longer shows what she shared.
    participant.goto(match_url + "/end")
    participant.click("main button[type=submit]")
    participant.wait_for_selector("[data-testid=match-ended]")
    volunteer.goto(match_url)
    main = volunteer.text_content("main")
    assert "A quiet walk by the sea" not in main and "birdwatching" not in main
    assert "what Lise shared with you is no longer shown" in main
    assert no_sideways_scroll(volunteer)
    volunteer.screenshot(path=str(tmp_path / "3-ended-time-giver-en.png"), full_page=True)

    # 4. She asks again, not from her own neighbourhood; the coordinator sees it.
    participant.goto(url + "/time-givers/ask")
    participant.fill("#area", "Oslo")
    participant.fill("#district", "Sagene")
    participant.check("#avoid_own_neighbourhood")
    participant.click("main button[type=submit]:has-text('Send')")
    participant.wait_for_selector("text=ikke en tidsgiver fra ditt eget nabolag")
    participant.screenshot(path=str(tmp_path / "4-request-nb.png"), full_page=True)
    coordinator = new_page()
    sign_in(coordinator, url, "mtcoord")
    coordinator.goto(url + "/time-givers/coordinate/requests")
    coordinator.click("main >> text=Lise")
    assert "not a time-giver from the participant's own neighbourhood" in coordinator.text_content("main")
    assert no_sideways_scroll(coordinator)
    coordinator.screenshot(path=str(tmp_path / "4-request-coordinator-en.png"), full_page=True)
    print("screenshots in", tmp_path)
