"""In phone-sized Chromium, in bokmål: a member proposes that the group decides by "nobody objects", the
others adopt it by majority, and the rules page says so; votes show counts, not names."""
import os

from tests.factories import make_group_in_db

from .conftest import log_in


def test_the_group_decides_how_it_decides(live_server, factories_live, new_page):
    with live_server.seed():
        leader = factories_live.user(["participant"], username="leader", display_name="Kari")
        member = factories_live.user(["participant"], username="member", display_name="Mona")
        third = factories_live.user(["participant"], username="third", display_name="Nina")
        group_id = make_group_in_db(factories_live, leaders=[leader], members=[member, third]).id
    url = live_server.url

    mona = new_page(locale="nb-NO")
    log_in(mona, url, "member", to_home=True)
    mona.goto(f"{url}/groups/{group_id}/rules")
    mona.click("[data-testid=propose-method]")
    mona.select_option("#new_method", "no_objection")
    mona.fill("#objection_days", "5")
    mona.click("main button[type=submit]")
    mona.wait_for_selector("text=Nå er det opp til gruppen å avgjøre det.")
    assert mona.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    kari = new_page(locale="nb-NO")
    log_in(kari, url, "leader", to_home=True)
    kari.goto(f"{url}/groups/{group_id}/settings")
    assert kari.query_selector("#consent_method") is None
    kari.goto(f"{url}/groups/{group_id}/rules")
    kari.click("[data-testid=proposal] >> text=Stem ja")
    kari.wait_for_selector("[data-testid=proposal] >> text=Vedtatt")
    main = kari.text_content("main")
    assert "Gruppen vedtar et forslag hvis ingen har innsigelser innen 5 dager." in main
    assert "Kari:" not in main and "Mona:" not in main and "Ja: 2" in main
    assert kari.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if os.environ.get("SCREENSHOT_DIR"):
        kari.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "rules-nb.png"), full_page=True)
