"""axe-core over every page type, in English and bokmål, signed out and signed in as each kind of
account, on a phone-sized Chromium: any violation fails. The world of tests/rights (a group with its
chat, meeting, log, rules, match, referral, helplines) gives each page something to show."""
from pathlib import Path

import pytest

from aftercare.accounts.models import User
from aftercare.extensions import db
from aftercare.groups.models import Membership
from aftercare.matching.models import Match, TimeGiver

from ..rights.test_access_walk import build_world, urls
from .conftest import PHONE, answer_code_step

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
LANGUAGES = (("en", "en-GB,en;q=0.9"), ("nb", "nb-NO,nb;q=0.9"))
# Not pages: files, feeds, downloads and the health check.
NOT_PAGES = {"static", "core.manifest", "core.service_worker", "core.health", "meetings.feed", "meetings.download",
             "mydata.download"}


@pytest.fixture(scope="module")
def world(live_server):
    """The URL values of the shared world, and the usernames of the people inside it, by kind."""
    from ..factories import Factories

    with live_server.seed():
        factories = Factories()
        values = build_world(factories)
        leader_id = db.session.query(Membership.user_id).filter_by(group_id=values["group_id"], role="leader").scalar()
        users = db.session.query(User).order_by(User.id).all()

        def first(kind):
            return next(user.username for user in users if user.has_role(kind))

        people = {
            "leader": db.session.get(User, leader_id).username,
            "member": db.session.get(User, values["user_id"]).username,
            "time-giver": db.session.get(User, db.session.get(TimeGiver, db.session.get(Match, values["match_id"]).time_giver_id).user_id).username,
            "coordinator": first("coordinator"),
            "professional": first("professional"),
            "admin": first("admin"),
            "council coordinator": first("council_coordinator"),
        }
        pages = [(endpoint, url) for endpoint, url in urls(live_server.app, values) if endpoint not in NOT_PAGES]
    return pages, people


def axe_violations(page):
    """axe-core's violations on the page as it is now, one line each."""
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in result["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return lines


def walk(page, base, pages):
    """Open every page that answers with HTML; return {url: violations} for those with any. An error page
    (the same template for every 403 or 404) is checked once per walk."""
    found, seen, error_pages = {}, set(), set()
    for _endpoint, path in pages:
        response = page.goto(base + path)
        if response is None or response.status >= 500:
            found[path] = [f"answered {response and response.status}"]
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if response.status >= 400:
            if response.status in error_pages:
                continue
            error_pages.add(response.status)
        final = page.url.split("#")[0]
        if final in seen:
            continue
        seen.add(final)
        violations = axe_violations(page)
        if violations:
            found[final.replace(base, "")] = violations
    return found


def axe_phone(browser, **options):
    """A phone-sized context with axe-core loaded on every page, and its page."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, service_workers="block", **options)
    context.add_init_script(path=str(AXE))
    context.set_default_timeout(15_000)
    return context, context.new_page()


def sign_in(page, base, username):
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    answer_code_step(page, username)
    assert "/login" not in page.url, f"{username} could not sign in"


@pytest.mark.parametrize("who", ["signed out", "member", "leader", "time-giver", "coordinator", "professional",
                                 "admin", "council coordinator"])
def test_axe_finds_nothing(live_server, world, browser, who):
    pages, people = world
    context, page = axe_phone(browser)
    try:
        if who != "signed out":
            sign_in(page, live_server.url, people[who])
        report = {}
        for language, header in LANGUAGES:
            page.set_extra_http_headers({"Accept-Language": header})
            for url, violations in walk(page, live_server.url, pages).items():
                report[f"[{language}] {url}"] = violations
            assert page.evaluate("document.documentElement.lang") == language
        assert not report, "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in report.items())
    finally:
        context.close()


@pytest.mark.parametrize("who", ["signed out", "member", "coordinator"])
def test_axe_finds_nothing_in_dark_mode(live_server, world, browser, who):
    """The phone's dark setting changes the colours: every page keeps its contrast (colours do not depend on
    the language, so English only)."""
    pages, people = world
    context, page = axe_phone(browser, color_scheme="dark")
    try:
        if who != "signed out":
            sign_in(page, live_server.url, people[who])
        page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})
        page.goto(live_server.url + "/help")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 24, 22)"
        report = walk(page, live_server.url, pages)
        assert not report, "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in report.items())
    finally:
        context.close()


# The innermost elements reaching past the screen's right edge, to name in a failure.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321
  && ![...e.children].some(c => c.getBoundingClientRect().right > 321))
  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' '
  + Math.round(e.getBoundingClientRect().width) + 'px').join(', ')"""


@pytest.mark.parametrize("who", ["member", "leader"])
def test_pages_hold_at_twice_the_text_size(live_server, world, browser, who):
    """At 200 % text on the narrowest phone (320 px) nothing runs off the side of any page (WCAG 1.4.4)."""
    pages, people = world
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                  service_workers="block")
    context.add_init_script("document.addEventListener('DOMContentLoaded', () => "
                            "{ document.documentElement.style.fontSize = '200%'; });")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, people[who])
        too_wide, seen = [], set()
        for _endpoint, path in pages:
            response = page.goto(live_server.url + path)
            if response is None or not response.headers.get("content-type", "").startswith("text/html"):
                continue
            final = page.url.split("#")[0]
            if final in seen or response.status >= 400:
                continue
            seen.add(final)
            assert page.evaluate("document.documentElement.style.fontSize") == "200%"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{final.replace(live_server.url, '')}: {width} px, {page.evaluate(WIDEST)}")
        assert seen and not too_wide, "\n".join(too_wide)
    finally:
        context.close()
