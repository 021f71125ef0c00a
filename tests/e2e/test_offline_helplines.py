"""Offline, the phone still shows the helplines an admin keeps, in the person's language: the service
worker caches the offline page again whenever the helplines change."""
import time

from aftercare.core.models import Helpline
from aftercare.extensions import db

from .conftest import PHONE

CACHE_KEYS = "caches.keys()"


def test_the_offline_page_shows_the_current_helplines(live_server, browser):
    url = live_server.url
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="nb-NO",
                                  service_workers="allow")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto(url + "/help")
        help_text = page.text_content("main")
        assert "08588" in help_text and "Kirkens SOS" in help_text and "ikke sjekket" not in help_text
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        first = page.evaluate(CACHE_KEYS)
        assert len(first) == 1 and first[0].startswith("aftercare-shell-v2-nb-")

        with live_server.seed():
            db.session.add(Helpline(position=5, phone="400 00 000", name_en="Local support line",
                                    name_nb="Lokal støttetelefon", description_nb="Åpent kveld og natt."))
            db.session.commit()
        page.reload()  # a navigation: the browser checks the worker, finds it changed and installs it
        deadline = time.time() + 15
        keys = first
        while len(keys) != 1 or keys == first:  # the new worker's copy, and the old copy gone
            assert time.time() < deadline, f"the service worker did not pick up the new helplines: {keys}"
            time.sleep(0.2)
            keys = page.evaluate(CACHE_KEYS)

        context.set_offline(True)
        page.goto(url + "/groups")
        page.wait_for_selector("[data-testid=helplines]")
        offline = page.text_content("main")
        assert "Du er uten nett" in offline
        assert "Lokal støttetelefon" in offline and "Åpent kveld og natt." in offline
        assert "RUSinfo" in offline and "08588" in offline and "Kirkens SOS krisetelefon" in offline
        assert "Rusinfo: 22 40 00 40" not in offline and "ikke sjekket" not in offline
        assert page.get_attribute("a[href='tel:08588']", "class") == "button call"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path="/tmp/trust/offline-nb.png", full_page=True)
    finally:
        context.close()
