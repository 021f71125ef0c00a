"""In a phone-sized Chromium page: a message sent while PostgreSQL is down shows "Sending…", then
"Not sent yet. Trying again…" within seconds, and is sent by itself, once, when the database is back."""
import os
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aftercare.chat.models import Message
from aftercare.chat.services import channel_for_group
from aftercare.extensions import db

from ..factories import Factories, make_group_in_db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
pytestmark = pytest.mark.multiprocess


@pytest.fixture
def phone_page():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield browser.new_page(viewport={"width": 390, "height": 844})
        finally:
            browser.close()


def test_a_message_sent_while_the_database_is_down_is_sent_by_itself_when_it_is_back(faulty_deployment, phone_page):
    app, processes, postgres, _redis = faulty_deployment
    with app.app_context():
        factories = Factories()
        leader = factories.user(["participant"], username="pageleader", display_name="Kari")
        member = factories.user(["participant"], username="pagemember", display_name="Mona")
        channel_id = channel_for_group(make_group_in_db(factories, leaders=[leader], members=[member])).id
        db.session.remove()
    page, url = phone_page, processes[0].url
    page.goto(url + "/login")
    page.fill("#username", "pagemember")
    page.fill("#password", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{url}/chat/{channel_id}")
    page.wait_for_selector("#chat-here >> text=Here now")

    pending = "#chat-log li.pending:has-text('Sent while the database is down')"
    postgres.stop("immediate")
    try:
        page.fill("#composer textarea", "Sent while the database is down")
        started = time.monotonic()
        page.click("#composer button[type=submit]")
        page.wait_for_selector(pending + " >> text=Not sent yet. Trying again…", timeout=5000)
        noticed = time.monotonic() - started
        screenshots = os.environ.get("FAULTS_SCREENSHOTS")
        if screenshots:
            page.screenshot(path=f"{screenshots}/database-down.png")
        time.sleep(3)  # it keeps trying, and keeps saying so
        assert "Not sent yet" in page.text_content(pending)
    finally:
        postgres.start()
    page.wait_for_selector("#chat-log li.chat-msg:not(.pending):has-text('Sent while the database is down')",
                           timeout=30000)
    assert page.locator(pending).count() == 0
    if os.environ.get("FAULTS_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['FAULTS_SCREENSHOTS']}/database-back.png")
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Message).where(
            Message.channel_id == channel_id, Message.body == "Sent while the database is down"))
        db.session.remove()
    assert stored == 1
    assert noticed < 4.5, f"the page said nothing for {noticed:.1f} s"
