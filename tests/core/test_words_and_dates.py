"""Dates, times and numbers as each language writes them (Babel's locale patterns); the accessibility statement."""
from datetime import date, datetime, timedelta, timezone

import pytest

from aftercare import dates

# 17:00 UTC is 18:00 in Oslo in December.
EVENING = datetime(2026, 12, 10, 17, 0, tzinfo=timezone.utc)


@pytest.fixture
def speak(app):
    def _speak(language):
        context = app.test_request_context(headers={"Accept-Language": language})
        context.push()
        return context
    pushed = []
    yield lambda language: pushed.append(_speak(language))
    for context in reversed(pushed):
        context.pop()


def test_bokmal(speak):
    speak("nb")
    assert dates.long_moment(EVENING) == "torsdag 10. desember 2026 kl. 18:00"
    assert dates.short_day(EVENING) == "tor. 10. des."
    assert dates.dateformat(date(2026, 12, 10), "medium") == "10. des. 2026"
    assert dates.decimal(6.66) == "6,7"
    assert dates.zone_name("Europe/Oslo") == "norsk tid"


def test_english_is_day_month_with_a_24_hour_clock(speak):
    speak("en")
    assert dates.long_moment(EVENING) == "Thursday, 10 December 2026 at 18:00"
    assert dates.short_day(EVENING) == "Thu 10 Dec"
    assert dates.datetimeformat(EVENING, "short") == "10/12/2026, 18:00"
    assert dates.decimal(6.66) == "6.7"
    assert dates.zone_name("Europe/Oslo") == "Norwegian time"


def test_a_chat_message_shows_its_day_unless_written_today(speak):
    speak("nb")
    now = datetime.now(timezone.utc)
    assert dates.chat_time(now) == dates.clock(now)
    assert dates.chat_time(EVENING) == "10. des., 18:00"
    assert ", " in dates.chat_time(now - timedelta(days=2))


def test_the_accessibility_statement_is_linked_from_every_page(client):
    home = client.get("/login", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert 'href="/accessibility"' in home
    page = client.get("/accessibility", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert "<h1>Tilgjengelighetserklæring</h1>" in page
    assert "WCAG" in page


@pytest.mark.parametrize("text, href", [
    ("900 12 345", "tel:90012345"), ("+47 900 12 345", "tel:+4790012345"), ("(+47) 22-33-44-55", None),
    ("22 33 44 55", "tel:22334455"), ("kari@example.org", None), ("Kari, 900 12 345", None), ("", None),
    (None, None), ("1234", None), ("1" * 16, None),
])
def test_a_phone_number_alone_becomes_a_tel_link(text, href):
    from aftercare.templating import tel_href

    assert tel_href(text) == href
