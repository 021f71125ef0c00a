"""Fixtures for notification tests: a push service on loopback, the site's VAPID keys, a signed-in person
whose browser has turned pushes on."""
import pytest

from .webpush import Browser, PushService, vapid_keys


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


@pytest.fixture
def vapid(app, push_service):
    private, public = vapid_keys()
    app.config.update(VAPID_PRIVATE_KEY=private, VAPID_PUBLIC_KEY=public, VAPID_SUBJECT="mailto:ops@aftercare.test",
                      WEB_PUSH_HOSTS="127.0.0.1", WEB_PUSH_ALLOW_HTTP=True)
    return public


def subscribe(client, push_service, browser, name="phone"):
    return client.post("/notifications/push", json={"endpoint": f"{push_service.url}/push/{name}",
                                                    "keys": browser.keys()})


@pytest.fixture
def person(app, client, login, make_user, vapid, push_service):
    user = make_user(display_name="Kari")
    login(client, user)
    browser = Browser()
    assert subscribe(client, push_service, browser).get_json() == {"ok": True}
    return user, browser
