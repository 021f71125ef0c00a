"""In two phone-sized Chromium pages: the leader opens the meeting, a member raises a hand, the leader
gives the floor, the member's message appears on the leader's page, the leader hides it, and it
disappears on both pages."""

from aftercare.chat.services import channel_for_group
from aftercare.extensions import db
from tests.factories import make_group_in_db

from .conftest import log_in


def open_chat(page, url, channel_id):
    page.goto(f"{url}/chat/{channel_id}")
    page.wait_for_selector("#chat-here >> text=Here now")  # the socket is connected and joined


def test_hand_floor_message_hide_on_two_pages(live_server, factories_live, new_page):
    with live_server.seed():
        leader = factories_live.user(["participant"], username="leader", display_name="Kari")
        member = factories_live.user(["participant"], username="member", display_name="Mona")
        group = make_group_in_db(factories_live, leaders=[leader], members=[member])
        group.floor_only_in_meetings = True
        db.session.commit()
        channel_id = channel_for_group(group).id
    url = live_server.url

    kari = new_page()
    log_in(kari, url, "leader", to_home=True)
    open_chat(kari, url, channel_id)
    mona = new_page()
    log_in(mona, url, "member", to_home=True)
    open_chat(mona, url, channel_id)

    kari.click("#live-open")
    kari.click("#live-toggle")  # the panel under the floor line, closed on a phone
    mona.wait_for_selector("#live-panel:not([hidden])")
    # The floor rule: without the floor, Mona cannot write during the meeting, and the message box says
    # so before she sends.
    mona.fill("#body", "Before my turn")
    mona.wait_for_selector("#composer-note >> text=/only the person with the floor/")
    assert mona.is_disabled("#composer button[type=submit]")

    mona.click("#live-raise")
    kari.wait_for_selector("#live-queue >> text=Mona")
    kari.click("#live-next")
    mona.wait_for_selector("#live-floor >> text=You have the floor")
    kari.wait_for_selector("#live-floor >> text=Mona has the floor")
    mona.fill("#body", "")

    mona.fill("#body", "I had a hard week but I came")
    mona.click("#composer button[type=submit]")
    message = "#chat-log li:has-text('I had a hard week but I came')"
    kari.wait_for_selector(message)
    mona.wait_for_selector(message + " >> time")

    kari.click(message + " .chat-hide")
    kari.fill("#chat-dialog-reason", "Shares too much about someone else")
    kari.click("#chat-dialog-ok")
    kari.wait_for_selector(message, state="detached")
    mona.wait_for_selector(message, state="detached")
    assert "A leader removed your message" in mona.text_content("#chat-log")
    assert "Shares too much about someone else" in mona.text_content("#chat-log")
    assert "Removed by a leader" in kari.text_content("#chat-log")
    assert "Shares too much" not in kari.text_content("#chat-log")
    for page in (kari, mona):
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
