"""In Chromium, the drawn map as a browser really lays out its text: at 10, 30 and 60 entries no label
leaves the drawing or covers another, and a map of up to 30 entries prints on one A4 page."""
import random

import pytest

from aftercare.network import services

from .conftest import log_in
from .test_network_flow import OVERLAPS, _pages_in

NAMES = ["Kari", "Ola Nordmann", "Mamma", "NA-gruppa", "Fastlegen", "Wenche", "Mormor Åse", "B."]


@pytest.mark.parametrize("count,pages", [(10, 1), (30, 1), (60, None)])
def test_the_drawing_holds_its_text_and_prints(live_server, factories_live, new_page, count, pages):
    rnd = random.Random(count)
    username = f"drawn{count}"
    with live_server.seed():
        person = factories_live.user(["participant"], username=username)
        for _ in range(count):
            services.add_entry(person, {
                "name": rnd.choice(NAMES), "circle": rnd.choice(["close", "between", "distant", None]),
                "sphere": rnd.choice(["family", "friends", "local", "activities", "peers", "helpers"]),
                "effect": rnd.choice(["steadies", "pulls", "mixed", None]), "gives": ["emotional"],
                "wish": "keep", "note": "a private note " * 10})
    page = new_page(locale="nb-NO")
    log_in(page, live_server.url, username)
    page.goto(live_server.url + "/network")
    geometry = page.evaluate(OVERLAPS)
    assert geometry["outside"] == 0 and geometry["overlapping"] == 0
    assert page.locator("[data-testid=entry]").count() == count
    page.emulate_media(media="print")
    printed = _pages_in(page.pdf(format="A4"))
    if pages is not None:
        assert printed == pages
    if count == 60:
        page.emulate_media(media="screen")
        page.locator("[data-testid=network-drawing]").screenshot(path="test-artifacts/network-drawing-60.png")
