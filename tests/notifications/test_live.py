"""The live count: once a notification is committed, the person's open sockets are told (only theirs);
nothing is said for a transaction that was rolled back."""
import re

from aftercare.extensions import db
from aftercare.notifications import services


def connected(app, login, socket_client, user):
    http = app.test_client()
    login(http, user)
    token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/account").get_data(as_text=True)).group(1)
    socket = socket_client(http, headers={"Origin": "http://localhost"}, auth={"csrf_token": token})
    assert socket.is_connected()
    socket.get_received()
    return socket


def events(socket):
    return [item["name"] for item in socket.get_received()]


def test_the_persons_sockets_hear_of_a_new_notification_after_commit(app, login, socket_client, make_user):
    kari, ola = make_user(), make_user()
    kari_socket, ola_socket = connected(app, login, socket_client, kari), connected(app, login, socket_client, ola)
    services.notify([kari.id], "group_no_leader", group="Torsdagsgruppa")
    assert events(kari_socket) == []  # not before it is committed
    db.session.commit()
    assert events(kari_socket) == ["notifications_changed"]
    assert events(ola_socket) == []


def test_nothing_is_said_for_a_rolled_back_notification(app, login, socket_client, make_user):
    kari = make_user()
    socket = connected(app, login, socket_client, kari)
    services.notify([kari.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.rollback()
    db.session.commit()
    assert events(socket) == []
