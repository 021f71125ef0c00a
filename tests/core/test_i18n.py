"""Both languages: the browser's language by default, a choice that sticks, a complete catalogue."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "aftercare" / "translations" / "nb" / "LC_MESSAGES" / "messages.po"


def _extract_arguments():
    """The exact `babel extract` arguments scripts/translations.py uses, recorded without running anything."""
    spec = importlib.util.spec_from_file_location("translations_script", ROOT / "scripts" / "translations.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    calls = []
    script.babel = lambda *args: calls.append(list(args))
    script.untranslated = lambda: []
    argv, sys.argv = sys.argv, ["translations.py"]
    try:
        script.main()
    finally:
        sys.argv = argv
    return next(call for call in calls if call[0] == "extract")


def test_every_string_has_a_bokmal_translation():
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not all(
        m.string if isinstance(m.string, (list, tuple)) else [m.string]))]
    assert missing == []


def test_the_catalogue_is_current(tmp_path):
    """Every string in the code and templates, extracted afresh, has a bokmål translation in messages.po."""
    arguments = _extract_arguments()
    arguments[arguments.index("-o") + 1] = str(tmp_path / "messages.pot")
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *arguments], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "messages.pot", "rb") as handle:
        template = read_po(handle)
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    assert len(template) > 100
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        if found is None or found.fuzzy or not all(
                found.string if isinstance(found.string, (list, tuple)) else [found.string]):
            missing.append(message.id)
    assert missing == [], "run scripts/translations.py, then translate these in messages.po"


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
