"""Both languages: the browser's language by default, a choice that sticks, a complete catalogue."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "aftercare" / "translations" / "nb" / "LC_MESSAGES" / "messages.po"


def test_every_string_has_a_bokmal_translation():
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not all(
        m.string if isinstance(m.string, (list, tuple)) else [m.string]))]
    assert missing == []


@pytest.mark.parametrize("header", ["nb-NO,nb;q=0.9,en;q=0.5", "no", "nn-NO", "nb"])
def test_norwegian_browsers_get_bokmal(client, header):
    page = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert '<html lang="nb">' in page and "Logg inn" in page


def test_other_browsers_get_english(client):
    page = client.get("/login", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Log in" in page


def test_language_switch_works_before_login_and_is_kept(client):
    response = client.post("/language", data={"locale": "nb", "next": "/help"})
    assert response.headers["Location"] == "/help"
    assert '<html lang="nb">' in client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_language_switch_is_saved_on_the_account(client, make_user, login, app):
    user = make_user()
    login(client, user)
    client.post("/language", data={"locale": "nb", "next": "/"})
    other_device = app.test_client()
    login(other_device, user)
    assert '<html lang="nb">' in other_device.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_language_switch_ignores_offsite_next(client):
    assert client.post("/language", data={"locale": "en", "next": "https://evil.example"}).headers["Location"] == "/"


@pytest.mark.parametrize("path,code", [("/no-such-page", 404)])
def test_error_pages_in_both_languages(client, path, code):
    english = client.get(path, headers={"Accept-Language": "en"})
    norwegian = client.get(path, headers={"Accept-Language": "nb"})
    assert english.status_code == norwegian.status_code == code
    assert "Page not found" in english.get_data(as_text=True)
    assert "Page not found" not in norwegian.get_data(as_text=True)
