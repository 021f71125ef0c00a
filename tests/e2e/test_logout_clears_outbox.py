"""On a shared phone, logging out leaves no unsent chat message behind in the browser's storage: the
server's Clear-Site-Data and the page's own clearing each do it."""
import re

from aftercare.chat.services import channel_for_group
from aftercare.extensions import db
from tests.factories import make_group_in_db

from .conftest import log_in

OUTBOX_KEYS = "() => Object.keys(localStorage).filter((key) => key.startsWith('aftercare-outbox-'))"


def _world(live_server, factories_live, username):
    with live_server.seed():
        member = factories_live.user(["participant"], username=username, display_name="Mona")
        leader = factories_live.user(["participant"], username=username + "-leader")
        creator = factories_live.user(["coordinator"], username=username + "-coordinator")
        group = make_group_in_db(factories_live, leaders=[leader], members=[member], creator=creator)
        db.session.commit()
        return channel_for_group(group).id


def _leave_an_unsent_message(page, url, channel_id):
    # The socket cannot get through, so the message waits in the outbox as on a phone without signal.
    page.route_web_socket(re.compile(r".*/socket\.io/.*"), lambda ws: ws.close())
    page.route(re.compile(r".*/socket\.io/\?.*transport=.*"), lambda route: route.abort())
    page.goto(f"{url}/chat/{channel_id}")
    page.fill("#composer textarea", "A message that never left the phone")
    page.click("#composer button[type=submit]")
    page.wait_for_selector("li.pending")
    assert page.evaluate(OUTBOX_KEYS), "the message waits in the outbox"
    page.reload()
    assert "A message that never left the phone" in page.text_content("#chat-log")  # it survives a reload


def _log_out(page):
    page.locator("form[data-logout] button").evaluate("button => button.form.requestSubmit(button)")
    page.wait_for_url(re.compile(r".*/login$"))
    assert "You are logged out" in page.text_content("main")


def test_logout_empties_the_outbox(live_server, factories_live, page):
    channel_id = _world(live_server, factories_live, "outbox1")
    log_in(page, live_server.url, "outbox1")
    _leave_an_unsent_message(page, live_server.url, channel_id)
    _log_out(page)
    assert page.evaluate(OUTBOX_KEYS) == []


def test_the_page_empties_the_outbox_even_without_the_servers_header(live_server, factories_live, page):
    channel_id = _world(live_server, factories_live, "outbox2")
    log_in(page, live_server.url, "outbox2")
    _leave_an_unsent_message(page, live_server.url, channel_id)

    def without_clear_site_data(route):
        response = route.fetch(max_redirects=0)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
        route.fulfill(response=response, headers=headers)

    page.route(re.compile(r".*/logout$"), without_clear_site_data)
    _log_out(page)
    assert page.evaluate(OUTBOX_KEYS) == []
