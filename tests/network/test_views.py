"""The pages of the network map, the plan and "when it gets hard", in English and bokmål."""
import re

import pytest

from aftercare.extensions import db
from aftercare.network import services
from aftercare.network.models import NetworkEntry, PlanStep
from aftercare.timeutil import local_today

from ..mydata.reading import every_part


def _token(body):
    """The page's form token (the suite turns the check off, so there may be none)."""
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]*)"', body)
    return found.group(1) if found else ""


@pytest.fixture
def person(app, client, login, factories):
    user = factories.user()
    login(client, user)
    return user


def _nb(client):
    page = client.get("/network").get_data(as_text=True)
    client.post("/language", data={"csrf_token": _token(page), "locale": "nb", "next": "/network"})


def test_the_menu_leads_to_my_network_in_both_languages(client, person):
    assert 'href="/network">My network<' in client.get("/").get_data(as_text=True)
    _nb(client)
    assert 'href="/network">Mitt nettverk<' in client.get("/").get_data(as_text=True)


def test_adding_a_person_draws_her_and_lists_her(client, person):
    page = client.get("/network/people/new").get_data(as_text=True)
    response = client.post("/network/people/new", data={
        "csrf_token": _token(page), "name": "Kari", "circle": "close", "sphere": "friends", "effect": "steadies",
        "gives": ["emotional", "practical"], "can_call": "y", "note": "knows me"})
    assert response.status_code == 302
    body = client.get("/network").get_data(as_text=True)
    assert "<svg" in body and ">Kari</text>" in body
    assert "mark-steadies" in body
    assert "Someone I can call when things are hard" in body and "knows me" in body
    assert "Emotional support, Practical help" in body


def test_every_field_may_stay_empty(client, person):
    page = client.get("/network/people/new").get_data(as_text=True)
    assert client.post("/network/people/new", data={"csrf_token": _token(page)}).status_code == 302
    entry = db.session.query(NetworkEntry).one()
    assert entry.name is None and entry.circle is None
    body = client.get("/network").get_data(as_text=True)
    assert "Someone" in body and "Not placed yet" in body


def test_a_choice_that_does_not_exist_is_refused_and_changes_nothing(client, person):
    page = client.get("/network/people/new").get_data(as_text=True)
    response = client.post("/network/people/new", data={"csrf_token": _token(page), "circle": "closest"})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.query(NetworkEntry).count() == 0


def test_the_pages_speak_bokmal(client, person):
    services.add_entry(person, {"name": "Ola", "circle": "distant", "sphere": "family", "uses_substances": "yes"})
    _nb(client)
    body = client.get("/network").get_data(as_text=True)
    for words in ("Mitt nettverk", "Legg til en person eller gruppe", "Bruker rus", "Familie", "Lenger unna"):
        assert words in body, words
    for path, words in (("/network/plan", "Min ettervernsplan"), ("/network/when-it-gets-hard", "Når det blir tungt"),
                        ("/network/then", "Før og nå"), ("/network/people/new", "Hvor nær")):
        assert words in client.get(path).get_data(as_text=True), path


def test_editing_and_removing_an_entry(client, person):
    entry = services.add_entry(person, {"name": "Per", "circle": "between", "sphere": "local"})
    page = client.get(f"/network/people/{entry.id}").get_data(as_text=True)
    assert 'value="Per"' in page
    client.post(f"/network/people/{entry.id}", data={"csrf_token": _token(page), "name": "Per", "circle": "close",
                                                      "sphere": "local", "wish": "closer"})
    db.session.expire_all()
    assert db.session.get(NetworkEntry, entry.id).wish == "closer"
    client.post(f"/network/people/{entry.id}/remove", data={"csrf_token": _token(page)})
    assert ">Per</text>" not in client.get("/network").get_data(as_text=True)


def test_then_and_now_shows_an_earlier_day(client, person):
    services.add_entry(person, {"name": "Lise", "circle": "close", "sphere": "family"})
    today = local_today().isoformat()
    body = client.get(f"/network/then?on={today}").get_data(as_text=True)
    assert body.count(">Lise</text>") == 2  # then and today
    before = client.get("/network/then?on=2000-01-01").get_data(as_text=True)
    assert "Your map had nobody on it that day" in before and before.count(">Lise</text>") == 1  # today only


def test_a_bad_date_on_then_and_now_is_a_message_not_an_error(client, person):
    response = client.get("/network/then?on=yesterday")
    assert response.status_code == 200 and "Not a valid date value" in response.get_data(as_text=True)


def test_show_once_hides_the_private_note(client, person):
    services.add_entry(person, {"name": "Tone", "circle": "close", "sphere": "peers", "note": "PRIVATE-NOTE",
                                "uses_substances": "no"})
    body = client.get("/network/show").get_data(as_text=True)
    assert "Tone" in body and "PRIVATE-NOTE" not in body and "Uses substances" not in body
    assert 'class="site-nav"' not in body


def test_a_plan_step_with_helper_and_date(client, person):
    entry = services.add_entry(person, {"name": "Mona"})
    page = client.get("/network/plan/housing").get_data(as_text=True)
    response = client.post("/network/plan/housing/steps", data={
        "csrf_token": _token(page), "what": "Ring the housing office", "helper": "entry",
        "helper_entry_id": str(entry.id), "due_on": "2027-01-15"})
    assert response.status_code == 302
    body = client.get("/network/plan").get_data(as_text=True)
    assert "Ring the housing office" in body and "Mona" in body and "15 January 2027" in body
    step = db.session.query(PlanStep).one()
    client.post(f"/network/plan/steps/{step.id}/status", data={"csrf_token": _token(page), "status": "need_help"})
    assert "Need help" in client.get("/network/plan").get_data(as_text=True)


def test_a_helper_from_someone_elses_map_is_refused(client, person, factories):
    other = factories.user()
    theirs = services.add_entry(other, {"name": "Theirs"})
    page = client.get("/network/plan/health").get_data(as_text=True)
    response = client.post("/network/plan/health/steps", data={
        "csrf_token": _token(page), "what": "x", "helper": "entry", "helper_entry_id": str(theirs.id)})
    assert "Choose someone from your map." in response.get_data(as_text=True)
    assert db.session.query(PlanStep).count() == 0


def test_hard_times_message_opens_as_an_sms(client, person):
    entry = services.add_entry(person, {"name": "Anne"})
    page = client.get("/network/when-it-gets-hard").get_data(as_text=True)
    client.post("/network/when-it-gets-hard", data={"csrf_token": _token(page), "message": "Hard day. Call me?",
                                                     "callers": [str(entry.id)]})
    body = client.get("/network/when-it-gets-hard").get_data(as_text=True)
    assert 'href="sms:?&amp;body=Hard%20day.%20Call%20me%3F"' in body
    assert "To: Anne" in body
    db.session.expire_all()
    assert db.session.get(NetworkEntry, entry.id).can_call is True


def test_the_help_page_links_to_her_list(client, person):
    assert "/network/when-it-gets-hard" in client.get("/help").get_data(as_text=True)


def test_every_page_has_the_hide_link(client, person):
    entry = services.add_entry(person, {"name": "Bo"})
    step = services.add_step(person, "money", {"what": "Budget"})
    version = services.versions(person)[0]
    for path in ("/network", "/network/people/new", f"/network/people/{entry.id}", "/network/then", "/network/show",
                 "/network/plan", "/network/plan/money", f"/network/plan/steps/{step.id}", "/network/plan/versions",
                 f"/network/plan/versions/{version.id}", "/network/when-it-gets-hard"):
        body = client.get(path).get_data(as_text=True)
        assert 'data-hide' in body and 'href="https://www.yr.no/"' in body, path


def test_her_data_page_holds_both_tools_in_her_language(client, person, factories, login):
    entry = services.add_entry(person, {"name": "Kari", "circle": "close", "note": "NOTE-X"})
    services.add_step(person, "health", {"what": "See the GP", "helper": "entry", "helper_entry_id": entry.id})
    services.save_hard_times(person, "Call me?", [entry.id])
    body = every_part(client)
    for words in ("My network and my aftercare plan", "My network map", "Kari", "NOTE-X", "See the GP", "Call me?",
                  "Close", "Not marked"):
        assert words in body, words
    _nb(client)
    body = every_part(client)
    for words in ("Mitt nettverk og min ettervernsplan", "Nettverkskartet mitt", "Nær", "Ikke merket"):
        assert words in body, words
    assert "Kari" in client.get("/account/my-data.json").get_data(as_text=True)


def test_nobody_elses_data_page_shows_any_of_it(app, person, factories, login):
    services.add_entry(person, {"name": "KARI-SECRET", "note": "NOTE-SECRET"})
    for kind in (["participant"], ["coordinator"], ["admin"], ["time_giver"], ["professional"]):
        other = app.test_client()
        login(other, factories.user(kind))
        for body in (every_part(other), other.get("/account/my-data.json").get_data(as_text=True)):
            assert "KARI-SECRET" not in body and "NOTE-SECRET" not in body, kind


def test_her_own_area_and_the_versions_pages(client, person):
    response = client.post("/network/plan/areas", data={"title": "My children"})
    assert response.status_code == 302 and "/network/plan/own-" in response.location
    client.post(response.location, data={"title": "My children", "where_now": "Every other weekend",
                                          "wanted": "More time"})
    body = client.get("/network/plan").get_data(as_text=True)
    assert "My children" in body and "Every other weekend" in body
    versions = client.get("/network/plan/versions").get_data(as_text=True)
    link = re.search(r'href="(/network/plan/versions/\d+)"', versions).group(1)
    old = client.get(link).get_data(as_text=True)
    assert "My children" in old and "More time" in old and "Housing" not in old  # only areas she wrote in


def test_an_own_area_needs_a_name(client, person):
    client.post("/network/plan/areas", data={"title": "  "})
    assert "Give the area a name." in client.get("/network/plan").get_data(as_text=True)


def test_show_once_adds_only_what_she_ticks(client, person):
    services.add_entry(person, {"name": "Rita", "circle": "close", "sphere": "family", "effect": "pulls",
                                "wish": "distance"})
    plain = client.get("/network/show").get_data(as_text=True)
    assert "Keep my distance" not in plain and "mark-pulls" not in plain and "mark-ring" in plain
    more = client.get("/network/show?with=effect&with=wish&with=note").get_data(as_text=True)
    assert "Keep my distance" in more and "mark-pulls" in more and "Pulls me off course" in more
