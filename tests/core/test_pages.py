"""The shared pages: home, help, manifest, service worker, offline, language."""


def test_help_page_lists_helplines_with_call_links(client, factories):
    factories.helplines()
    page = client.get("/help").get_data(as_text=True)
    assert 'href="tel:113"' in page
    assert "Mental Helse helpline" in page
    assert "not yet checked" in page


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
