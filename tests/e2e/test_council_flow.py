"""In phone-sized Chromium, one browser per person: Mari opens "My network council" from her network pages,
writes her questions and asks a verified council coordinator (Siri, two-factor sign-in); Siri accepts from
"Councils I coordinate" and Mari accepts the agreement; Mari invites Kari from her map and Kari opens the
single-use link without an account (a second browser gets the "used" page, 410); a professional writes the
statement Mari asked for and she approves it; at the meeting Siri starts the private part and from then on
sees nothing of the council (nor does the professional); Mari writes a line of the plan, calls Siri back to
check it, Mari and Kari sign, Mari finishes with a follow-up date and reads the plan, and Kari has her copy.
axe-core runs on every council page, in English and bokmål (the language switch, or Accept-Language on the
invitee's pages, which have no navigation). Council strings may not be translated yet, so in bokmål only
structure and URLs are checked."""
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.dates import format_date

from aftercare.accounts.models import Role
from aftercare.network import services as network

from .conftest import log_in
from .test_accessibility import axe_violations

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
NB = "nb-NO,nb;q=0.9"
QUESTION_1 = "How can I keep my home?"
QUESTION_2 = "How can I get friends who don't use drugs?"
LINE = "Kari helps with the rent form"
STATEMENT = "Mari has kept every appointment since March."


def person(new_page, locale="en-GB"):
    """A phone of one's own, with axe-core loaded on every page it opens."""
    page = new_page(locale=locale)
    page.context.add_init_script(path=str(AXE))
    return page


def lang(page):
    return page.evaluate("document.documentElement.lang")


def switch_language(page, to):
    with page.expect_navigation():
        page.click("[data-testid=switch-language]")
    page.wait_for_load_state()
    assert lang(page) == to, page.url


def no_violations(page, languages=("en", "nb")):
    """axe-core on the page as it is, in each language through the switch in the navigation; the page is
    left in English."""
    report = {}
    for language in languages:
        if lang(page) != language:
            switch_language(page, language)
        violations = axe_violations(page)
        if violations:
            report[f"[{language}] {page.url}"] = violations
    if lang(page) != "en":
        switch_language(page, "en")
    assert not report, "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in report.items())


def no_violations_by_header(page):
    """The same for pages without navigation (the invitee's): English, then bokmål by Accept-Language."""
    assert lang(page) == "en"
    assert axe_violations(page) == [], page.url
    # The context's own locale wins over extra headers, so the header is rewritten on the way out.
    page.route("**/*", lambda route: route.continue_(headers={**route.request.headers, "accept-language": NB}))
    page.reload()
    assert lang(page) == "nb"
    assert axe_violations(page) == [], "[nb] " + page.url


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_network_council_from_her_questions_to_the_plan(live_server, factories_live, new_page):
    url = live_server.url
    with live_server.seed():
        mari_user = factories_live.user([Role.PARTICIPANT.value], username="ncmari", display_name="Mari")
        factories_live.user([Role.COUNCIL_COORDINATOR.value], username="ncsiri", display_name="Siri",
                            organisation="Nettverksråd Vest")
        factories_live.user([Role.PROFESSIONAL.value], username="ncberg", display_name="Dr. Berg")
        # Kari is on Mari's map, marked as someone she could invite (the map itself has its own e2e test).
        network.add_entry(mari_user, {"name": "Kari", "circle": "close", "council_invitee": True})

    # 1. Mari: from her network pages to her council, her questions, the coordinator she chooses.
    mari = person(new_page)
    log_in(mari, url, "ncmari", to_home=True)
    mari.click("nav.site-nav >> text=My network")
    mari.wait_for_url(url + "/network")
    mari.click("nav.tool-nav >> text=My network council")
    mari.wait_for_url(url + "/council")
    assert mari.get_attribute("nav.tool-nav a[href='/council']", "aria-current") == "page"
    no_violations(mari)
    mari.click("[data-testid=start-council]")
    mari.wait_for_url(re.compile(r".*/council/\d+/questions$"))
    council_id = int(re.search(r"/council/(\d+)/questions", mari.url).group(1))
    mine = f"{url}/council/{council_id}"
    no_violations(mari)
    mari.fill("#question_1", QUESTION_1)
    mari.fill("#question_2", QUESTION_2)
    mari.click("main form.card button[type=submit]:has-text('Save the questions')")
    mari.wait_for_url(mine)
    assert "Your questions are saved." in mari.text_content("main")
    assert "2 questions" in mari.text_content("nav.council-steps, ol.council-steps")
    assert no_sideways_scroll(mari)
    no_violations(mari)

    mari.click("ol.council-steps >> text=Council coordinator and agreement")
    mari.wait_for_url(mine + "/coordinator")
    no_violations(mari)
    mari.check("label:has-text('Siri — Nettverksråd Vest')")
    mari.click("main button:has-text('Ask this coordinator')")
    mari.wait_for_selector("[data-testid=coordinator-state]:has-text('Asked')")

    # 2. Siri (two-factor sign-in): her list, the request, the agreement.
    siri = person(new_page)
    log_in(siri, url, "ncsiri", to_home=True)
    siri.click("nav.site-nav >> text=Councils I coordinate")
    siri.wait_for_url(url + "/council/coordinate")
    assert "Asked: waiting for your answer" in siri.text_content("main")
    no_violations(siri)
    siri.click("main >> text=The council of Mari")
    coordinate = f"{url}/council/coordinate/{council_id}"
    siri.wait_for_url(coordinate)
    assert siri.is_visible("[data-testid=agreement]")
    assert QUESTION_1 not in siri.content()  # nothing of hers before both accepted the agreement
    no_violations(siri)
    siri.click("[data-testid=coordinator-accept]")
    siri.wait_for_selector("text=You see the council once the main person has accepted it too")
    assert QUESTION_1 not in siri.content()

    mari.reload()
    assert "Accepted the agreement on" in mari.text_content("[data-testid=coordinator-state]")
    mari.click("main button:has-text('I accept the agreement')")
    mari.wait_for_selector("[data-testid=owner-agreed]")
    no_violations(mari)

    # Date, place and her words to the people she invites.
    mari.goto(mine)
    mari.click("ol.council-steps >> text=Date, place and practicalities")
    mari.wait_for_url(mine + "/practical")
    no_violations(mari)
    meeting_on = date.today() + timedelta(days=30)
    mari.fill("#meeting_on", meeting_on.isoformat())
    mari.fill("#meeting_time", "17:00")
    mari.fill("#place", "Mari's kitchen")
    mari.fill("#invitation_words", "I would like you there, Kari.")
    mari.click("main form.card button[type=submit]")
    mari.wait_for_url(mine)

    # 3. Kari from her map: invited, a single-use link, opened once without an account.
    mari.click("ol.council-steps >> text=The people you invite")
    mari.wait_for_url(mine + "/invitees")
    no_violations(mari)
    mari.select_option("#entry_id", label="Kari")
    mari.click("#add button[type=submit]")
    mari.wait_for_selector("[data-testid=invitee]:has-text('Kari')")
    invitee = mari.locator("[data-testid=invitee]", has_text="Kari")
    invitee.locator("input[name$='-contact']").fill("900 00 000")
    invitee.locator("select[name$='-role']").select_option("chair")
    invitee.locator("button[value=save]").click()
    mari.wait_for_selector("[data-testid=invitee]:has-text('Chair')")
    no_violations(mari)
    mari.locator("[data-testid=invitee]", has_text="Kari").locator("button[value=link]").click()
    mari.wait_for_selector("[data-testid=invite-link]")
    link = mari.input_value("[data-testid=invite-link]")
    assert re.fullmatch(re.escape(url) + r"/council/i/[\w-]+", link), link
    assert no_sideways_scroll(mari)
    assert axe_violations(mari) == []  # shown once, after a POST: no reload, so no switch of language

    kari = person(new_page)
    kari.goto(link)
    assert kari.is_visible("[data-testid=open-invitation]")
    assert QUESTION_1 not in kari.content()  # a link preview sees only the button
    assert axe_violations(kari) == []
    kari.click("[data-testid=open-invitation]")
    kari.wait_for_url(url + "/council/invited")
    assert "Network council of Mari" in kari.text_content("h1")
    assert kari.text_content("[data-testid=invitation-words]") == "I would like you there, Kari."
    assert QUESTION_1 in kari.text_content("main") and "Mari's kitchen" in kari.text_content("main")
    assert "Your role at the meeting: Chair" in kari.text_content("main")
    assert not kari.is_visible("nav.site-nav")
    assert no_sideways_scroll(kari)
    kari.check("input[name=answer][value=yes]")
    kari.click("[data-testid=send-answer]")
    kari.wait_for_selector("text=Thank you. Your answer is sent.")
    no_violations_by_header(kari)  # from here on Kari reads in bokmål

    again = person(new_page)
    response = again.goto(link)
    assert response.status == 410
    assert "opened already" in again.text_content("[data-testid=link-refused]")
    assert QUESTION_1 not in again.content()
    assert axe_violations(again) == []
    in_bokmal = person(new_page, "nb-NO")
    assert in_bokmal.goto(link).status == 410 and lang(in_bokmal) == "nb"
    assert in_bokmal.is_visible("[data-testid=link-refused]")
    assert axe_violations(in_bokmal) == []
    assert again.goto(url + "/council/invited").status == 404  # the link gave this browser nothing

    # 4. A statement: Mari asks Dr. Berg on one question; Dr. Berg (two-factor) comes by the notification.
    mari.goto(mine + "/statements")
    no_violations(mari)
    mari.fill("#username", "ncberg")
    mari.check("input[name=questions] >> nth=0")
    mari.click("main form.card button[type=submit]:has-text('Ask for a statement')")
    mari.wait_for_selector("[data-testid=statement]:has-text('Dr. Berg')")

    berg = person(new_page)
    log_in(berg, url, "ncberg", to_home=True)
    berg.click("[data-testid=notifications]")
    berg.click("[data-testid=notification] button:has-text('asks you for a statement')")
    berg.wait_for_url(re.compile(r".*/council/statements/\d+$"))
    statement_url = berg.url
    assert QUESTION_1 in berg.text_content("main") and QUESTION_2 not in berg.content()
    assert "Kari" not in berg.content()
    no_violations(berg)
    berg.click("[data-testid=professional-agree]")
    berg.fill("#text", STATEMENT)
    berg.click("main form.card button[type=submit]")
    berg.wait_for_selector("text=Your statement is sent to the main person")
    no_violations(berg)

    mari.reload()
    mari.click("[data-testid=statement] button[value=approve]")
    mari.wait_for_selector("[data-testid=statement-state]:has-text('Approved')")
    no_violations(mari)

    # 5. The meeting: part 1 on her phone; Siri starts the private part and from then on sees nothing.
    mari.goto(mine)
    mari.click("[data-testid=meeting-link]")
    mari.wait_for_url(mine + "/meeting")
    no_violations(mari)
    mari.click("[data-testid=step-start]")
    mari.wait_for_selector("[data-testid=phase]:has-text('Part 1')")
    assert mari.text_content("[data-testid=approved-statement]").count(STATEMENT) == 1
    no_violations(mari)

    siri.goto(coordinate)
    assert QUESTION_1 in siri.text_content("main")
    checklist = siri.locator("[data-testid=checklist]", has_text="Kari")
    assert "900 00 000" in checklist.text_content() and "answered through their link" in checklist.text_content()
    assert "Part 1" in siri.text_content("[data-testid=phase]")
    no_violations(siri)
    siri.click("[data-testid=coordinator-private]")
    siri.wait_for_url(url + "/council/coordinate")
    assert "You see nothing of the council until you are called back" in siri.text_content("main")
    assert siri.locator(f"main a[href='/council/coordinate/{council_id}']").count() == 0
    assert "No council right now." in siri.text_content("main")
    no_violations(siri)
    response = siri.goto(coordinate)
    assert response.status == 404
    assert "Page not found" in siri.text_content("h1")
    assert QUESTION_1 not in siri.content() and "Kari" not in siri.content()
    no_violations(siri)
    assert berg.goto(statement_url).status == 404

    # 6. The plan: one line, the coordinator called back to check it, signatures, the follow-up date.
    mari.reload()
    assert "Part 2" in mari.text_content("[data-testid=phase]")
    no_violations(mari)
    mari.select_option("#new-question_id", label=QUESTION_1)
    mari.fill("#new-what", LINE)
    mari.select_option("#new-owner", label="Kari")
    mari.fill("#new-due_on", (date.today() + timedelta(days=7)).isoformat())
    mari.click("[data-testid=add-line]")
    mari.wait_for_selector(f"[data-testid=plan-line]:has-text('{LINE}')")
    assert "Who: Kari" in mari.text_content("[data-testid=plan-line]")
    mari.click("[data-testid=step-call_back]")
    mari.wait_for_selector("[data-testid=phase]:has-text('Part 3')")
    assert "Waiting for the coordinator" in mari.text_content("[data-testid=checked]")

    siri.goto(url + "/council/coordinate")
    siri.click(f"main a[href='/council/coordinate/{council_id}']")
    siri.wait_for_url(coordinate)
    assert LINE in siri.text_content("[data-testid=plan-line]")
    no_violations(siri)
    siri.click("[data-testid=coordinator-check]")
    siri.wait_for_selector("[data-testid=checked]")

    kari.reload()  # Kari signs through her own link, in bokmål
    assert lang(kari) == "nb" and LINE in kari.text_content("[data-testid=plan-line]")
    kari.click("[data-testid=sign]")
    kari.wait_for_selector("[data-testid=signed]")
    assert axe_violations(kari) == []

    mari.reload()
    assert "The coordinator checked the plan." in mari.text_content("[data-testid=checked]")
    no_violations(mari)
    mari.click("[data-testid=sign-self]")
    mari.wait_for_selector("li:has-text('✓ Mari')")
    assert mari.is_visible("li:has-text('✓ Kari')")
    follow_up_on = date.today() + timedelta(days=60)
    mari.fill("#follow_up_on", follow_up_on.isoformat())
    mari.click("[data-testid=finish]")
    mari.wait_for_url(mine)
    assert "The plan is finished." in mari.text_content("main")
    assert mari.text_content("[data-testid=follow-up-date]").strip() == \
        "Follow-up meeting: " + format_date(follow_up_on, "full", locale="en_GB")
    plan = mari.locator("[data-testid=plan-question]", has_text=QUESTION_1)
    assert LINE in plan.locator("[data-testid=plan-line]").text_content()
    assert "No lines under this question." in mari.locator("[data-testid=plan-question]",
                                                           has_text=QUESTION_2).text_content()
    assert mari.is_visible("a:has-text('Version 1,')")
    assert no_sideways_scroll(mari)
    no_violations(mari)
    mari.click("a:has-text('Version 1,')")
    mari.wait_for_url(mine + "/versions/1")
    assert LINE in mari.text_content("main")
    signed_by = re.search(r"Signed by: (.*)", mari.text_content("main")).group(1)
    assert sorted(signed_by.strip().split(", ")) == ["Kari", "Mari"]
    no_violations(mari)

    kari.reload()  # her copy, and her own line to mark
    assert LINE in kari.text_content("[data-testid=plan-line]")
    assert kari.locator("[data-testid^=mark-]").count() == 1
    assert axe_violations(kari) == []

    siri.reload()
    assert LINE in siri.text_content("[data-testid=plan-line]")
    assert siri.is_visible("[data-testid=coordinator-follow_up]")
    no_violations(siri)
