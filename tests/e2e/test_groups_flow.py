"""In phone-sized Chromium: a leader invites, the person joins and accepts the rules, proposes a rule,
another member votes, it is adopted, and the proposer must accept the new version."""

from tests.factories import make_group_in_db

from .conftest import log_in


def test_invite_join_propose_vote_adopt_reaccept(live_server, factories_live, new_page):
    with live_server.seed():
        leader = factories_live.user(["participant"], username="leader", display_name="Kari")
        member = factories_live.user(["participant"], username="member", display_name="Mona")
        factories_live.user(["participant"], username="newcomer", display_name="Nina")
        group_id = make_group_in_db(factories_live, leaders=[leader], members=[member]).id
    url = live_server.url

    kari = new_page()
    log_in(kari, url, "leader", to_home=True)
    kari.goto(f"{url}/groups/{group_id}/invite")
    kari.click("text=Make an invitation link")
    link = kari.input_value("[data-testid=group-invitation-link]")

    nina = new_page()
    log_in(nina, url, "newcomer", to_home=True)
    nina.goto(link)
    assert "Raise your hand when you want to speak." in nina.text_content("main")
    nina.click("[data-testid=join-group]")
    nina.wait_for_selector("text=Welcome to Tuesday group")

    nina.goto(f"{url}/groups/{group_id}/rules/propose")
    nina.fill("#text", "Phones on silent during meetings")
    nina.click("main button[type=submit]")
    nina.wait_for_selector("text=Your proposal is up for the group to decide.")

    mona = new_page()
    log_in(mona, url, "member", to_home=True)
    mona.goto(f"{url}/groups/{group_id}/rules")
    mona.click("[data-testid=proposal] >> text=Vote yes")
    mona.wait_for_selector("[data-testid=proposal] >> text=Adopted")
    assert "Phones on silent during meetings" in mona.text_content("[data-testid=current-rules]")

    nina.goto(f"{url}/groups/{group_id}")
    nina.click("text=Read and accept the rules")
    nina.click("[data-testid=accept-rules]")
    nina.wait_for_selector("text=You have accepted the group's rules")
    assert nina.query_selector("[data-testid=accept-rules]") is None
    assert nina.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
