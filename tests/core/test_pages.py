"""The shared pages: home, help, manifest, service worker, offline, language."""


def test_help_page_lists_helplines_with_call_links(client, factories):
    factories.helplines()
    page = client.get("/help").get_data(as_text=True)
    assert 'href="tel:113"' in page
    assert "Mental Helse helpline" in page
    assert "not yet checked" not in page  # a person in crisis needs the number, not our to-do list


def test_help_page_in_norwegian(client, factories):
    factories.helplines()
    page = client.get("/help", headers={"Accept-Language": "nb-NO,nb;q=0.9"}).get_data(as_text=True)
    assert "Medisinsk nødhjelp" in page
    assert "Trenger du hjelp nå?" in page


def test_every_page_links_to_help(client, make_user, login):
    assert "/help" in client.get("/login").get_data(as_text=True)
    login(client, make_user())
    assert 'class="help-now" href="/help"' in client.get("/").get_data(as_text=True)


def test_manifest_and_service_worker(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    data = manifest.get_json()
    assert data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and "/offline" in worker.get_data(as_text=True)
    assert client.get("/offline").status_code == 200


def test_only_the_admin_is_told_which_helplines_are_unchecked(client, factories, make_user, login):
    factories.helplines()
    login(client, make_user(["admin"]))
    assert "Default, not yet checked" in client.get("/admin/helplines").get_data(as_text=True)
    assert "not yet checked" not in client.get("/help").get_data(as_text=True)
    client.post("/language", data={"locale": "nb"})
    assert "ikke sjekket" in client.get("/admin/helplines").get_data(as_text=True)
    assert "ikke sjekket" not in client.get("/help").get_data(as_text=True)


def test_the_offline_page_lists_the_same_helplines_in_either_language(client, factories):
    from aftercare.core.models import Helpline
    from aftercare.extensions import db

    factories.helplines()
    db.session.add(Helpline(position=3, phone="08588", name_en="RUSinfo", name_nb="RUSinfo",
                            description_en="Open on weekdays.", description_nb="Åpent på hverdager."))
    db.session.commit()
    english = client.get("/offline?lang=en").get_data(as_text=True)
    assert 'lang="en"' in english and 'href="tel:08588"' in english and "Open on weekdays." in english
    assert "Mental Helse helpline" in english and "22 40 00 40" not in english
    norwegian = client.get("/offline?lang=nb").get_data(as_text=True)
    assert 'lang="nb"' in norwegian and "Mental Helse hjelpetelefon" in norwegian and "Åpent på hverdager." in norwegian
    assert "not yet checked" not in english and "ikke sjekket" not in norwegian


def test_the_service_worker_changes_when_the_helplines_change(client, factories, make_user):
    from aftercare.admin import services as admin_services

    lines = factories.helplines()
    before = client.get("/sw.js").get_data(as_text=True)
    assert "__HELPLINES_VERSION__" not in before and before == client.get("/sw.js").get_data(as_text=True)
    admin = make_user(["admin"])
    admin_services.save_helpline(admin, lines[1], name_en="Mental Helse helpline", name_nb="Mental Helse",
                                 phone="116 123", description_en="Open all day", description_nb="Åpent hele døgnet",
                                 position=2)
    after = client.get("/sw.js").get_data(as_text=True)
    assert after != before  # a new worker: the browser caches the offline page with the new list
