"""Delivery to a phone: static files under content-hashed URLs cached for a year, compressed responses,
and a service worker whose cache name follows the static files' version."""
import re


def test_static_urls_carry_the_content_hash_and_are_cached_long(client):
    page = client.get("/login").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = client.get(css)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # An old or missing version is not cached for a year.
    assert client.get("/static/css/app.css?v=000000000000").headers["Cache-Control"] == "no-cache"
    assert client.get("/static/css/app.css").headers["Cache-Control"] == "no-cache"


def test_css_and_js_are_sent_compressed(client):
    plain = client.get("/static/js/chat.js")
    packed = client.get("/static/js/chat.js", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    page = client.get("/login", headers={"Accept-Encoding": "br"})
    assert page.headers["Content-Encoding"] == "br"


def test_the_service_worker_cache_follows_the_static_version(client, app, tmp_path):
    from aftercare import assets

    worker = client.get("/sw.js").get_data(as_text=True)
    version = assets.version(app.static_folder)
    assert f'const ASSETS = "{version}"' in worker
    assert "__ASSETS_VERSION__" not in worker


def test_the_manifest_speaks_the_page_language_and_has_an_id(client):
    page = client.get("/login", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    link = re.search(r'<link rel="manifest" href="([^"]+)"', page).group(1)
    manifest = client.get(link.replace("&amp;", "&")).get_json()
    assert manifest["lang"] == "nb" and manifest["id"] == "/"
    assert manifest["description"].startswith("Likepersonsstøtte og ettervern")
