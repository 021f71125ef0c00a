"""Chat fixtures: a signed-in Socket.IO client for a person, with the page's CSRF token."""
import re

import pytest

from aftercare.chat.services import channel_for_group


@pytest.fixture
def chat_as(app, login, socket_client):
    """chat_as(user, channel=None, **kwargs) -> (socket, http_client), already connected."""

    def _connect(user, channel=None, origin="http://localhost", csrf=True):
        http = app.test_client()
        login(http, user)
        token = None
        if csrf:
            page = http.get("/account").get_data(as_text=True)
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        socket = socket_client(http, headers={"Origin": origin}, auth={"csrf_token": token} if token else {})
        return socket, http

    return _connect


@pytest.fixture
def group_with_chat(make_user, make_group):
    leader, member = make_user(display_name="Kari"), make_user(display_name="Mona")
    group = make_group(leaders=[leader], members=[member])
    return group, channel_for_group(group), leader, member


def events(socket, name):
    found = []
    for item in socket.get_received():
        if item["name"] == name:
            args = item["args"]
            found.append(args[0] if isinstance(args, list) else args)
    return found
