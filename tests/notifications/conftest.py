"""Fixtures for notification tests: a push service on loopback, the site's VAPID keys, a signed-in person
whose browser has turned pushes on; and helpers for the notification-kind tests: who was told, in which words,
and whether it is still new."""
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from aftercare.extensions import db
from aftercare.notifications import choices
from aftercare.notifications.models import Notification
from aftercare.notifications.services import text_of

from ..chat.conftest import chat_as  # noqa: F401  (the chat fixture, for the report tests)
from ..matching.factories import MatchingFactories
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
    # No quiet hours, so that a push goes out whatever the hour the suite runs at; the tests of quiet hours
    # set them and pass their own clock.
    choices.save_choices(user, list(choices.CHOSEN_CATEGORIES), 0, 0, "Europe/Oslo", False)
    return user, browser


@pytest.fixture
def mf(factories):
    return MatchingFactories(factories)


def notes(user, kind):
    """The person's notifications of this kind, oldest first."""
    db.session.expire_all()
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
                              .order_by(Notification.id)).all()


def new(user, kind):
    return [n for n in notes(user, kind) if n.read_at is None]


def only_told(kind, told, not_told):
    """Each of `told` has exactly one new notification of `kind`; nobody in `not_told` has any."""
    for user in told:
        assert len(new(user, kind)) == 1, (kind, user.display_name)
    for user in not_told:
        assert notes(user, kind) == [], (kind, user.display_name)
    return new(told[0], kind)[0]


def in_both_languages(notification, *expected):
    """The notification's sentence in English and in bokmål: they differ, and both carry the expected words."""
    with force_locale("en"):
        english = text_of(notification)
    with force_locale("nb"):
        norwegian = text_of(notification)
    assert english != norwegian and "%(" not in english and "%(" not in norwegian
    for words in expected:
        assert words in english and words in norwegian
    return english, norwegian


def all_texts(user):
    """Every sentence the person was ever notified with, in both languages (to check what never reaches them)."""
    texts = []
    for notification in db.session.scalars(select(Notification).where(Notification.user_id == user.id)):
        for language in ("en", "nb"):
            with force_locale(language):
                texts.append(text_of(notification))
        texts.append(repr(notification.params))
    return " ".join(texts)
