"""In phone-sized Chromium, in bokmål: a participant builds her network map (four people in different circles
and spheres), sees them drawn, marks one as someone she can call, writes her words for when it gets hard, adds
a plan step with a date and prints the map on one A4 page. Another participant and the coordinator get 404 on
every page of hers."""
import re

from aftercare.accounts.models import User
from aftercare.extensions import db
from aftercare.network.models import NetworkEntry, PlanStep

from .conftest import log_in

PEOPLE = [("Kari", "close", "friends", "steadies"), ("Mamma", "between", "family", "mixed"),
          ("NA-gruppa", "close", "peers", "steadies"), ("Tom", "distant", "local", "pulls")]

OVERLAPS = """() => {
  const svg = document.querySelector('[data-testid=network-drawing]');
  const view = svg.viewBox.baseVal;
  const boxes = [...svg.querySelectorAll('text')].map(t => t.getBBox());
  const outside = boxes.filter(b => b.x < 0 || b.y < 0 || b.x + b.width > view.width || b.y + b.height > view.height);
  let overlapping = 0;
  const labels = [...svg.querySelectorAll('g.mark text')].map(t => t.getBBox());
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i], b = labels[j];
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) overlapping++;
  }
  return {outside: outside.length, overlapping, texts: boxes.length, width: svg.getBoundingClientRect().width};
}"""


def _pages_in(pdf):
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def _small_targets(page):
    """Buttons and choices inside the tools whose tap area is under 44 × 44 CSS pixels (a choice counts with
    its label, which selects it too)."""
    return page.evaluate("""() => {
      const small = [];
      const tools = document.querySelector('.network-tools');
      for (const e of tools.querySelectorAll('a.button, button, .hide-now')) {
        const r = e.getBoundingClientRect();
        if (e.offsetParent !== null && (r.height < 44 || r.width < 44)) small.push(e.textContent.trim());
      }
      for (const e of tools.querySelectorAll('input[type=radio], input[type=checkbox]')) {
        const r = (e.closest('li, .field-check') || e).getBoundingClientRect();
        if (e.offsetParent !== null && r.height < 44) small.push(e.id);
      }
      return small;
    }""")


def test_a_participant_builds_her_map_and_plan_and_nobody_else_sees_them(live_server, factories_live, new_page):
    with live_server.seed():
        factories_live.user(["participant"], username="hanne", display_name="Hanne")
        factories_live.user(["participant"], username="other", display_name="Other")
        factories_live.user(["coordinator"], username="coord", display_name="Coordinator")
    url = live_server.url
    page = new_page(locale="nb-NO")
    log_in(page, url, "hanne")
    page.click("nav.site-nav >> text=Mitt nettverk")
    page.wait_for_url(url + "/network")
    assert page.is_visible("text=Ingenting her ennå")

    for name, circle, sphere, effect in PEOPLE:
        page.click("text=Legg til en person eller gruppe")
        page.fill("#name", name)
        page.check(f"input[name=circle][value={circle}]")
        page.check(f"input[name=sphere][value={sphere}]")
        page.check(f"input[name=effect][value={effect}]")
        assert _small_targets(page) == []
        page.click("main form.entry-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/network#entries$"))

    marks = page.locator("[data-testid=map-mark] text").all_text_contents()
    assert sorted(marks) == sorted(name for name, *_ in PEOPLE)
    geometry = page.evaluate(OVERLAPS)
    assert geometry["outside"] == 0 and geometry["overlapping"] == 0
    assert geometry["width"] <= 390
    assert page.locator("[data-testid=entry]").count() == 4  # the same content as a list
    page.goto(url + "/network")
    page.locator("[data-testid=network-drawing]").scroll_into_view_if_needed()
    page.screenshot(path=str(live_server_artifact("network-map-390.png")))
    page.locator("[data-testid=network-drawing]").screenshot(path=str(live_server_artifact("network-drawing.png")))

    page.click("[data-testid=entry]:has-text('Kari') >> text=Endre")
    page.click("text=Flere spørsmål, hvis du vil")
    page.check("#can_call")
    page.click("main form.entry-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/network#entries$"))
    assert page.is_visible("[data-testid=entry]:has-text('Kari') >> text=Noen jeg kan ringe når det er tungt")

    page.click("nav.tool-nav >> text=Når det blir tungt")
    assert page.locator("input[name=callers]:checked").count() == 1
    describedby = page.get_attribute("#message", "aria-describedby")
    assert describedby and page.locator(f"#{describedby.split()[0]}").is_visible()
    page.fill("#message", "Det er en tung dag. Kan du ringe meg?")
    page.click("main form.card button[type=submit]")
    page.wait_for_selector("[data-testid=sms-link]")
    assert page.get_attribute("[data-testid=sms-link]", "href") == \
        "sms:?&body=Det%20er%20en%20tung%20dag.%20Kan%20du%20ringe%20meg%3F"
    assert "Til: Kari" in page.text_content(".hard-times-send")

    page.click("nav.tool-nav >> text=Min ettervernsplan")
    page.click("[data-testid=plan-area]:has-text('Bolig') >> a.button")
    page.fill("#where_now", "Bor hos søsteren min")
    page.click("main form[data-draft] button[type=submit]")
    page.fill("#what", "Søke om kommunal bolig")
    page.check("input[name=helper][value=entry]")
    page.select_option("#helper_entry_id", label="Kari")
    page.fill("#due_on", "2027-01-15")
    page.click("main form.step-form button[type=submit]")
    page.wait_for_selector("[data-testid=plan-step]:has-text('Søke om kommunal bolig')")
    assert "Innen 15. januar 2027" in page.text_content("[data-testid=plan-step]")
    assert "Hvem hjelper: Kari" in page.text_content("[data-testid=plan-step]")

    page.goto(url + "/network")
    page.emulate_media(media="print")
    assert not page.is_visible("[data-testid=hide]") and not page.is_visible("nav.site-nav")
    assert _pages_in(page.pdf(format="A4", print_background=True)) == 1
    page.goto(url + "/network/plan")
    assert _pages_in(page.pdf(format="A4")) == 1
    page.emulate_media(media="screen")

    # "Hide" replaces the page in the tab's history with a neutral one.
    page.route("https://www.yr.no/**", lambda route: route.fulfill(status=200, body="<title>Vær</title>Vær",
                                                                  content_type="text/html"))
    length = page.evaluate("history.length")
    page.click("[data-testid=hide]")
    page.wait_for_url("https://www.yr.no/")
    assert page.evaluate("history.length") == length

    with live_server.seed():
        hanne = db.session.query(User).filter_by(username="hanne").one()
        entry_id = db.session.query(NetworkEntry.id).filter_by(owner_id=hanne.id).first()[0]
        step = db.session.query(PlanStep).filter_by(owner_id=hanne.id).one()
        step_id = step.id
        from aftercare.network.models import PlanVersion

        version_id = db.session.query(PlanVersion.id).filter_by(owner_id=hanne.id).first()[0]
    hers = [f"/network/people/{entry_id}", f"/network/plan/steps/{step_id}", f"/network/plan/versions/{version_id}"]
    for username in ("other", "coord"):
        visitor = new_page(locale="nb-NO")
        log_in(visitor, url, username)
        for path in hers:
            response = visitor.goto(url + path)
            assert response.status == 404, (username, path)
            assert "Kari" not in visitor.content()
        if username == "other":  # her own empty map, not Hanne's
            visitor.goto(url + "/network")
            assert "Kari" not in visitor.content() and "tung dag" not in visitor.content()
        else:
            assert visitor.goto(url + "/network").status == 404


def live_server_artifact(name):
    from pathlib import Path

    out = Path(__file__).resolve().parents[2] / "test-artifacts"
    out.mkdir(exist_ok=True)
    return out / name
