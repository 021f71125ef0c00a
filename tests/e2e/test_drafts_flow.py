"""In phone-sized Chromium: a session log typed while the login times out comes back after logging in
again; the idle warning appears two minutes before the timeout and "Stay signed in" keeps the login;
after logging out no draft is left in the browser."""
import re
from datetime import time, timedelta

from sqlalchemy import select

from aftercare.accounts.models import LoginSession
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import Meeting, MeetingSeries
from aftercare.timeutil import utcnow
from aftercare.timeutil import local_today
from tests.factories import make_group_in_db

from .conftest import log_in

LOG_TEXT = "Holidays and how we cope with long evenings.\nWe agreed to meet for a walk on Saturday."


def _drafts(page):
    return page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('aftercare-draft:'))")


def _age_login(live_server, user_id, minutes):
    with live_server.seed():
        db.session.execute(db.update(LoginSession).where(LoginSession.user_id == user_id)
                           .values(last_seen_at=utcnow() - timedelta(minutes=minutes)))
        db.session.commit()


def _last_seen(live_server, user_id):
    with live_server.seed():
        return db.session.scalar(select(LoginSession.last_seen_at).where(LoginSession.user_id == user_id,
                                                                         LoginSession.ended_at.is_(None)))


def _world(live_server, factories_live, name):
    with live_server.seed():
        leader = factories_live.user(["participant"], username=name, display_name="Kari")
        member = factories_live.user(["participant"], username=name + "-member", display_name="Mona")
        creator = factories_live.user(["coordinator"], username=name + "-coordinator")
        group = make_group_in_db(factories_live, leaders=[leader], members=[member], creator=creator)
        now = utcnow()
        series = MeetingSeries(group_id=group.id, first_date=local_today(), start_time=time(16, 0),
                               end_time=time(17, 30), place="Room 2")
        series.meetings = [Meeting(group_id=group.id, starts_at=now - timedelta(hours=2),
                                   ends_at=now - timedelta(minutes=30), place="Room 2")]
        db.session.add(series)
        db.session.commit()
        services.assign_recorder(leader, series.meetings[0], leader.id)
        return leader.id, f"/groups/{group.id}/meetings/{series.meetings[0].id}/log"


def test_the_log_survives_a_timed_out_login(live_server, factories_live, page):
    leader_id, log_path = _world(live_server, factories_live, "kari")
    url = live_server.url
    log_in(page, url, "kari")
    page.goto(url + log_path)
    page.fill("#topics", LOG_TEXT)
    assert len(_drafts(page)) == 1
    # The login ends while she writes (idle longer than the timeout).
    _age_login(live_server, leader_id, 61)
    page.click("[data-testid=save-log]")
    page.wait_for_url(re.compile(r".*/login\?next=.*"))
    assert log_path in page.url
    page.fill("#username", "kari")
    page.fill("#password", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url(url + log_path)
    assert page.input_value("#topics") == LOG_TEXT
    note = page.locator("[data-testid=draft-note]")
    assert note.is_visible() and "We kept what you wrote." in note.text_content()
    assert note.get_attribute("role") == "status"
    page.screenshot(path="/tmp/drafts-restored.png", full_page=True)
    # Saved: the text is now the log's, and the browser forgets its copy.
    page.click("[data-testid=save-log]")
    page.wait_for_selector("text=The log is saved as a new version.")
    assert _drafts(page) == []
    assert page.input_value("#topics") == LOG_TEXT
    assert page.locator("[data-testid=draft-note]").count() == 0
    page.reload()
    assert page.locator("[data-testid=draft-note]").count() == 0


def test_warning_before_the_timeout_and_stay_signed_in(live_server, factories_live, page):
    leader_id, log_path = _world(live_server, factories_live, "karin")
    url = live_server.url
    log_in(page, url, "karin")
    page.clock.install()
    page.goto(url + log_path)
    page.fill("#decisions", "Next time we talk about sleep.")
    warning = page.locator("[data-testid=idle-warning]")
    assert warning.is_hidden()
    page.clock.fast_forward("57:00")
    assert warning.is_hidden()  # three minutes left: not yet
    _age_login(live_server, leader_id, 59)  # the server agrees: about a minute left
    page.clock.fast_forward("01:30")
    warning.wait_for(state="visible")
    assert warning.get_attribute("role") == "alertdialog"
    button = page.locator("[data-testid=stay-signed-in]")
    assert page.evaluate("document.activeElement.dataset.testid") == "stay-signed-in"
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.screenshot(path="/tmp/drafts-warning.png")
    page.keyboard.press("Enter")
    warning.wait_for(state="hidden")
    page.wait_for_selector("[data-idle-status]:has-text('You are still signed in.')", state="attached")
    assert page.evaluate("document.activeElement.id") == "decisions"  # back where she was writing
    assert utcnow() - _last_seen(live_server, leader_id) < timedelta(seconds=30)
    page.clock.fast_forward("05:00")
    assert warning.is_hidden()  # the login was extended: no warning again soon
    page.reload()
    assert "/login" not in page.url and page.input_value("#decisions") == "Next time we talk about sleep."
    # Left alone past the timeout, the dialog says so and offers the way back in.
    page.clock.fast_forward("01:01:00")
    page.wait_for_selector("[data-state=expired]", state="visible")
    assert warning.get_attribute("aria-labelledby") == "idle-expired-title"
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/login?next=" + log_path


def test_logout_leaves_no_draft(live_server, factories_live, page):
    _leader_id, log_path = _world(live_server, factories_live, "kaja")
    url = live_server.url
    log_in(page, url, "kaja")
    page.goto(url + log_path)
    page.fill("#topics", "Something private")
    assert len(_drafts(page)) == 1
    page.click("text=Log out")
    page.wait_for_load_state()
    assert _drafts(page) == []
    log_in(page, url, "kaja")
    page.goto(url + log_path)
    assert page.input_value("#topics") == "" and page.locator("[data-testid=draft-note]").count() == 0
