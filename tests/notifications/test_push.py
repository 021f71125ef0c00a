"""Web Push end to end on loopback: a browser's subscription is stored through the page's endpoint, the
sender's real request reaches a push service the test runs, which decrypts it with the browser's keys and
checks the VAPID signature and the TTL. What the lock screen says, in both languages; a 410 removes the
device; logging out of the device ends its pushes."""
import time

import pytest
from sqlalchemy import func, select

from aftercare.extensions import db
from aftercare.notifications import choices, outbox, services
from aftercare.notifications.models import Delivery, DeliveryState, Notification, PushSubscription

from .conftest import subscribe
from .webpush import Browser, vapid_claims


def deliver_all():
    return outbox.run_once("test-sender")


def test_the_push_is_encrypted_for_the_device_signed_and_says_nothing_of_the_group(person, push_service, vapid):
    user, browser = person
    services.notify([user.id], "group_no_leader", link="/groups/coordinate", group="Torsdagsgruppa")
    db.session.commit()
    assert deliver_all() == 1

    [push] = push_service.received
    assert push.path == "/push/phone"
    assert push.headers["content-encoding"] == "aes128gcm"
    assert b"Torsdagsgruppa" not in push.body  # encrypted on the wire
    assert browser.decrypt(push.body) == {"title": "Aftercare", "body": "You have something new",
                                          "url": "/groups/coordinate", "tag": "aftercare-new"}
    claims = vapid_claims(push.headers["authorization"], vapid)
    assert claims["aud"] == push_service.url and claims["sub"] == "mailto:ops@aftercare.test"
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert push.headers["ttl"] == "43200"
    assert db.session.scalar(select(Delivery.state)) == DeliveryState.SENT

    assert deliver_all() == 0  # once per device
    assert len(push_service.received) == 1


def test_in_bokmal_and_with_detail_when_the_person_chose_it(person, push_service):
    user, browser = person
    user.locale = "nb"
    db.session.commit()
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.commit()
    deliver_all()
    assert browser.decrypt(push_service.received[0].body)["body"] == "Du har noe nytt"

    choices.save_choices(user, ["group"], 0, 0, "Europe/Oslo", show_detail=True)
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.commit()
    deliver_all()
    detail = browser.decrypt(push_service.received[1].body)
    assert "Torsdagsgruppa" in detail["body"] and detail["body"] != "Du har noe nytt"
    assert detail["tag"].startswith("aftercare-")


def test_a_device_the_push_service_says_is_gone_is_removed(person, push_service):
    user, _browser = person
    push_service.answer = lambda path: 410
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.commit()
    deliver_all()
    assert len(push_service.received) == 1
    assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 0
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1  # still in the app


def test_a_failing_push_service_is_tried_again_later_with_a_growing_pause(person, push_service):
    user, _browser = person
    push_service.answer = lambda path: 503
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.commit()
    deliver_all()
    delivery = db.session.scalar(select(Delivery))
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1 and delivery.last_error == "503"
    assert deliver_all() == 0  # not due yet
    assert outbox.retry_delay(1) < outbox.retry_delay(2) < outbox.retry_delay(5) <= outbox.LONGEST_RETRY


def test_several_devices_each_get_it_once(app, person, push_service, login):
    user, first = person
    other_phone = app.test_client()
    login(other_phone, user)
    second = Browser()
    subscribe(other_phone, push_service, second, name="tablet")
    services.notify([user.id], "meeting_cancelled", group="Tirsdagsgruppa", when="2026-12-10T17:00:00+00:00",
                    tz="Europe/Oslo")
    db.session.commit()
    deliver_all()
    assert sorted(p.path for p in push_service.received) == ["/push/phone", "/push/tablet"]
    by_path = {p.path: p for p in push_service.received}
    assert first.decrypt(by_path["/push/phone"].body)["body"] == "You have something new"
    assert second.decrypt(by_path["/push/tablet"].body)["body"] == "You have something new"


def test_logging_out_of_the_device_ends_its_pushes(person, client, push_service):
    user, _browser = person
    client.post("/logout")
    assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.commit()
    deliver_all()
    assert push_service.received == []


def test_turning_pushes_off_on_the_device(person, client, push_service):
    user, _browser = person
    response = client.delete("/notifications/push", json={"endpoint": f"{push_service.url}/push/phone"})
    assert response.get_json() == {"ok": True}
    assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0


@pytest.mark.parametrize("endpoint", ["http://10.0.0.5/push", "file:///etc/passwd", "", "http://127.0.0.1.evil.test/x"])
def test_only_a_push_service_may_be_the_endpoint(app, client, login, make_user, vapid, endpoint):
    login(client, make_user())
    response = client.post("/notifications/push", json={"endpoint": endpoint, "keys": Browser().keys()})
    assert response.status_code == 400
    assert "could not be used" in response.get_json()["error"]
    assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0


def test_subscribing_needs_the_pages_csrf_token(app, client, login, make_user, vapid, push_service):
    login(client, make_user())
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/notifications/push", json={"endpoint": f"{push_service.url}/push/x",
                                                         "keys": Browser().keys()})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0


def test_a_login_gone_idle_keeps_the_device_but_its_lock_screen_shows_no_detail(app, person, client, push_service):
    from datetime import timedelta

    from aftercare.accounts.models import LoginSession

    user, browser = person
    choices.save_choices(user, ["group"], 0, 0, "Europe/Oslo", show_detail=True)
    login_session = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    login_session.last_seen_at -= timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 5)
    db.session.commit()
    client.get("/")  # the idle login is ended on its next request
    db.session.expire_all()
    assert db.session.get(LoginSession, login_session.id).ended_at is not None
    assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 1
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.commit()
    deliver_all()
    assert browser.decrypt(push_service.received[0].body)["body"] == "You have something new"
