"""In a phone-sized Chromium: the count in the navigation changes without a reload when a coordinator
proposes a time-giver, and a tap leads to the proposal; pushes are offered only when the person asks (the
browser's permission prompt comes after their tap, never on a first visit); the service worker shows a
push without content and opens its page on tap."""
import json
import os

import pytest

from aftercare.accounts.models import Role
from aftercare.notifications.vapid import generate

from ..matching.factories import MatchingFactories
from .conftest import PHONE, log_in

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def _quick_count():
    """The live server's pages ask for the count every second (30 by default), and it has VAPID keys."""
    private, public = generate()
    settings = {"NOTIFICATION_POLL_SECONDS": "1", "VAPID_PRIVATE_KEY": private, "VAPID_PUBLIC_KEY": public}
    os.environ.update(settings)
    yield
    for name in settings:
        os.environ.pop(name, None)


@pytest.fixture(scope="module")
def live_server(_quick_count, live_server):
    return live_server


def badge(page):
    return page.locator("[data-testid=notification-count]")


def test_the_badge_changes_without_reload_and_a_tap_leads_to_the_proposal(live_server, factories_live, new_page):
    url = live_server.url
    with live_server.seed():
        mf = MatchingFactories(factories_live)
        mf._coordinator = factories_live.user([Role.COORDINATOR.value], username="ntcoord", display_name="Kari")
        time_giver = mf.time_giver(factories_live.user(username="ntvol", display_name="Ola"))
        participant_user = factories_live.user(username="ntpart", display_name="Lise")
        request_id = mf.request(participant_user).id
        assert time_giver.id

    participant = new_page()
    log_in(participant, url, "ntpart", PASSWORD)
    participant.wait_for_selector("text=Hello")
    assert badge(participant).is_hidden()
    participant.evaluate("window.notReloaded = true")

    coordinator = new_page()
    log_in(coordinator, url, "ntcoord", PASSWORD)
    coordinator.goto(f"{url}/time-givers/coordinate/requests/{request_id}")
    coordinator.click("button:has-text('Propose Ola')")
    coordinator.wait_for_selector("text=The participant is asked first")

    badge(participant).wait_for(state="visible")
    assert badge(participant).text_content() == "1"
    assert participant.evaluate("window.notReloaded === true")  # the same page, not reloaded

    participant.click("[data-testid=notifications]")
    item = participant.locator("[data-testid=notification]").first
    assert "A coordinator has suggested a time-giver for you" in item.text_content()
    assert participant.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    item.locator("button").click()
    participant.wait_for_url("**/time-givers/proposals/*")
    assert participant.text_content("[data-testid=proposed-name]").strip() == "Ola"
    assert badge(participant).is_hidden()  # read once opened


def _push_context(browser, locale="en-GB"):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale,
                                  service_workers="allow")
    context.set_default_timeout(10_000)
    # Counts every time the page asks the browser for permission to notify.
    context.add_init_script("""
        window.permissionAsked = 0;
        if (window.Notification) {
          const ask = Notification.requestPermission.bind(Notification);
          Notification.requestPermission = function () { window.permissionAsked += 1; return ask(); };
        }
    """)
    return context


def test_pushes_are_offered_when_asked_for_never_on_a_first_visit(live_server, factories_live, browser):
    with live_server.seed():
        factories_live.user(username="ntoffer", display_name="Nina")
    context = _push_context(browser)
    try:
        page = context.new_page()
        log_in(page, live_server.url, "ntoffer", PASSWORD)
        page.wait_for_selector("text=Hello")
        assert page.evaluate("window.permissionAsked") == 0
        assert page.evaluate("Notification.permission") == "default"
        page.goto(live_server.url + "/notifications/choices")
        assert page.evaluate("window.permissionAsked") == 0
        offer = page.locator("[data-push-offer]")
        if not page.evaluate("'PushManager' in window"):
            pytest.skip("this Chromium has no PushManager")
        offer.wait_for(state="visible")
        assert "The lock screen says only “You have something new”" in offer.text_content()
        page.click("[data-push-on]")
        page.wait_for_function("window.permissionAsked === 1")
        # Headless Chromium answers the prompt itself (no push service behind it): the page says so.
        status = page.locator("[data-push-status]")
        page.wait_for_function("document.querySelector('[data-push-status]').textContent.length > 0")
        assert status.text_content() in ("Pushes are off for this phone.", "Pushes could not be turned on. Try again "
                                         "later.", "This browser does not allow notifications from Aftercare. You "
                                         "can allow them in the browser’s site settings.")
    finally:
        context.close()


@pytest.mark.parametrize("locale, body", [("en-GB", "You have something new"), ("nb-NO", "Du har noe nytt")])
def test_the_service_worker_shows_a_push_and_opens_its_page_on_tap(live_server, factories_live, browser, locale,
                                                                     body):
    username = "ntsw" + locale[:2]
    with live_server.seed():
        factories_live.user(username=username, display_name="Siri")
    context = _push_context(browser, locale)
    context.grant_permissions(["notifications"], origin=live_server.url)
    try:
        page = context.new_page()
        log_in(page, live_server.url, username, PASSWORD)
        page.wait_for_selector("main")
        page.wait_for_function("navigator.serviceWorker.controller !== null || "
                               "navigator.serviceWorker.ready.then(() => true)")
        page.evaluate("navigator.serviceWorker.ready")
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        payload = json.dumps({"title": "Aftercare", "body": body, "url": "/notifications/choices",
                              "tag": "aftercare-new"})
        shown = worker.evaluate("""async (payload) => {
            self.dispatchEvent(new PushEvent("push", { data: payload }));
            for (let i = 0; i < 50; i++) {
              const shown = await self.registration.getNotifications();
              if (shown.length) return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data.url }));
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
            return [];
        }""", payload)
        assert shown == [{"title": "Aftercare", "body": body, "tag": "aftercare-new", "url": "/notifications/choices"}]

        # A push from elsewhere cannot send the tap off the site.
        worker.evaluate("""async () => {
            (await self.registration.getNotifications()).forEach((n) => n.close());
            self.dispatchEvent(new PushEvent("push", { data: JSON.stringify({ body: "x", url: "//evil.example/" }) }));
        }""")
        page.reload()  # now controlled by the worker, so it may be navigated by it
        worker.evaluate("""async () => {
            for (let i = 0; i < 50; i++) {
              const [shown] = await self.registration.getNotifications();
              if (shown) {
                if (shown.data.url !== "/notifications") throw new Error("unsafe url kept: " + shown.data.url);
                self.dispatchEvent(new NotificationEvent("notificationclick", { notification: shown }));
                return;
              }
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
            throw new Error("no notification shown");
        }""")
        page.wait_for_url(live_server.url + "/notifications")
    finally:
        context.close()


def test_on_a_chat_page_the_count_comes_over_its_socket(live_server, factories_live, new_page):
    from aftercare.chat.services import channel_for_group
    from aftercare.extensions import db

    from ..factories import make_group_in_db

    url = live_server.url
    with live_server.seed():
        mf = MatchingFactories(factories_live)
        mf._coordinator = factories_live.user([Role.COORDINATOR.value], username="ntcoord2", display_name="Kari")
        mf.time_giver(factories_live.user(username="ntvol2", display_name="Ola"))
        participant_user = factories_live.user(username="ntpart2", display_name="Lise")
        group = make_group_in_db(factories_live, leaders=[participant_user], members=[])
        channel_id = channel_for_group(group).id
        db.session.commit()
        request_id = mf.request(participant_user).id

    participant = new_page()
    log_in(participant, url, "ntpart2", PASSWORD)
    participant.goto(f"{url}/chat/{channel_id}")
    participant.wait_for_selector("#chat-here >> text=Here now")  # the socket is connected and joined
    # From here on only the socket may bring the count: a request for it would show up here.
    asked = []
    participant.on("request", lambda request: asked.append(request.url) if "count.json" in request.url else None)
    assert badge(participant).is_hidden()

    coordinator = new_page()
    log_in(coordinator, url, "ntcoord2", PASSWORD)
    coordinator.goto(f"{url}/time-givers/coordinate/requests/{request_id}")
    coordinator.click("button:has-text('Propose Ola')")
    coordinator.wait_for_selector("text=The participant is asked first")

    badge(participant).wait_for(state="visible")
    assert badge(participant).text_content() == "1"
    assert len(asked) == 1  # one request for the count, after the socket's event (no polling)
