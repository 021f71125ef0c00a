"""With the database unreachable, every socket event is still answered (in the person's language), and
nothing a person wrote reaches the logs, from sockets or from HTTP requests."""
import logging
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from aftercare.extensions import db
from aftercare.safelog import describe

SECRET = "I relapsed last night and told nobody"


def _unreachable_url():
    if db.engine.dialect.name == "postgresql":
        return db.engine.url.set(host="127.0.0.1", port=1)  # nothing listens there: refused at once
    return "sqlite:////nonexistent-directory/aftercare.sqlite3"


@contextmanager
def database_unreachable(app):
    """Point the app's engines (the main one and the send path's autocommit pool) at a database that
    cannot be reached, as when PostgreSQL is down; put them back afterwards."""
    engines = db._app_engines[app]
    working = engines[None]
    autocommit = app.extensions.pop("aftercare_autocommit_engine", None)
    broken = create_engine(_unreachable_url(), hide_parameters=True)
    engines[None] = broken
    app.extensions["aftercare_autocommit_engine"] = broken
    db.session.remove()
    try:
        yield
    finally:
        db.session.remove()
        engines[None] = working
        app.extensions.pop("aftercare_autocommit_engine", None)
        if autocommit is not None:
            app.extensions["aftercare_autocommit_engine"] = autocommit
        broken.dispose()


@pytest.mark.parametrize("locale,expected,not_sent", [
    ("nb", "Noe gikk galt. Prøv igjen.", "Ikke sendt ennå. Prøver igjen …"),
    ("en", "Something went wrong. Try again.", "Not sent yet. Trying again…")])
def test_with_the_database_down_every_event_is_answered_in_the_persons_language(
        app, chat_as, group_with_chat, caplog, locale, expected, not_sent):
    group, channel, leader, member = group_with_chat
    member.locale = locale
    db.session.commit()
    mona, _ = chat_as(member)
    assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    with database_unreachable(app), caplog.at_level(logging.DEBUG):
        for event, payload in [("send", {"channel_id": channel.id, "client_id": "outage-0001", "body": SECRET}),
                               ("join", {"channel_id": channel.id}), ("read", {"channel_id": channel.id, "seq": 1}),
                               ("react", {"message_id": 1, "kind": "heart"}), ("leave", {"channel_id": channel.id})]:
            ack = mona.emit(event, payload, callback=True)
            assert ack == {"ok": False, "error": not_sent if event == "send" else expected, "retry": True}, event
        refused = mona.emit("join", {"channel_id": "not an id"}, callback=True)  # refusals need no database
        assert refused["ok"] is False and "retry" not in refused
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert SECRET not in logged and "relapsed" not in logged
    assert "OperationalError" in logged and "send" in logged
    assert not [record for record in caplog.records if record.exc_info]
    assert len(caplog.records) <= 3  # one line per socket and kind per minute, not one per event
    assert mona.emit("send", {"channel_id": channel.id, "client_id": "outage-0001", "body": "back"},
                     callback=True)["ok"]  # the socket works once the database is back


def test_with_the_database_down_a_new_socket_is_refused_with_a_reason(app, login, socket_client, make_user):
    import re

    user = make_user()
    http = app.test_client()
    login(http, user)
    token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/account").get_data(as_text=True)).group(1)
    with database_unreachable(app):
        socket = socket_client(http, headers={"Origin": "http://localhost"}, auth={"csrf_token": token})
        assert not socket.is_connected()


def test_the_default_socket_error_handler_answers_without_the_database(app, chat_as, make_user):
    """The last-resort handler (errors._socket_error) used to translate through the account's language,
    which loads the user: with the database down it failed again and the client got no answer."""
    from aftercare.extensions import socketio

    user = make_user(locale="nb")
    socket, _ = chat_as(user)
    handler = socketio.default_exception_handler
    # The request context every event of this socket runs in, as Flask-SocketIO builds it.
    with app.request_context(socketio.server.environ[socket._client.eio_sid]):
        with database_unreachable(app):
            try:
                raise RuntimeError(SECRET)
            except RuntimeError as error:
                answer = handler(error)
    assert answer == {"ok": False, "error": "Noe gikk galt. Prøv igjen.", "retry": True}


def test_database_errors_do_not_carry_what_was_written(app, caplog):
    with pytest.raises(Exception) as raised:
        db.session.execute(text("SELECT :said + no_such_column"), {"said": SECRET})
    db.session.rollback()
    assert SECRET not in str(raised.value)
    described = describe(raised.value)
    assert described.startswith("ProgrammingError") or described.startswith("OperationalError")
    assert SECRET not in described and "no_such_column" not in described


def test_a_failed_request_is_logged_by_route_and_error_class_without_a_traceback(app, caplog):
    client = app.test_client()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with database_unreachable(app), caplog.at_level(logging.ERROR):
        response = client.post("/login", data={"username": "kari-secret-name", "password": SECRET})
    assert response.status_code == 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST /login failed: OperationalError" in logged
    assert "kari-secret-name" not in logged and SECRET not in logged
    assert not [record for record in caplog.records if record.exc_info]
