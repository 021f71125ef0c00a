"""A guest professional is marked "guest · professional" wherever members see their name in the chat:
on their messages (the page and the live pushes), in who is here and in who is typing."""
from datetime import timedelta

import pytest

from aftercare.extensions import db

from .conftest import events
from .test_guest_chat import guest_setup, move  # noqa: F401  (the fixture)


@pytest.fixture
def in_the_room(chat_as, guest_setup):  # noqa: F811
    group, channel, member, professional, meeting, _old = guest_setup
    move(meeting, -timedelta(minutes=10))
    mona, mona_http = chat_as(member)
    assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    guest, _http = chat_as(professional)
    assert guest.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    return channel, member, mona, mona_http, guest


def test_a_guests_live_message_carries_the_guest_label_and_a_members_does_not(in_the_room):
    channel, _member, mona, _http, guest = in_the_room
    assert guest.emit("send", {"channel_id": channel.id, "client_id": "guest-label-0001", "body": "Hello all"},
                      callback=True)["ok"]
    pushed = events(mona, "message")[-1]
    assert (pushed["author"], pushed["author_label"]) == ("Dr. Berg", "guest_professional")
    assert mona.emit("send", {"channel_id": channel.id, "client_id": "mona-label-0001", "body": "Welcome"},
                     callback=True)["ok"]
    assert events(guest, "message")[-1]["author_label"] is None


@pytest.mark.parametrize("language, label", [("en", "(guest · professional)"), ("nb", "(gjest · fagperson)")])
def test_the_chat_page_marks_the_guests_messages(in_the_room, language, label):
    channel, member, _mona, http, guest = in_the_room
    assert guest.emit("send", {"channel_id": channel.id, "client_id": "guest-label-0002", "body": "Hello all"},
                      callback=True)["ok"]
    member.locale = language
    db.session.commit()
    page = http.get(f"/chat/{channel.id}").get_data(as_text=True)
    author = page.split('<span class="chat-author">Dr. Berg', 1)[1].split("</span></span>", 1)[0]
    assert label in author
    assert f'data-t-guest-professional="{label[1:-1]}"' in page
    assert page.count(label) == 1  # the members' own messages are not marked


def test_who_is_here_and_who_is_typing_mark_the_guest(in_the_room):
    channel, _member, mona, _http, guest = in_the_room
    here = events(mona, "presence")[-1]["here"]
    assert {p["name"]: p["label"] for p in here} == {"Dr. Berg": "guest_professional", "Mona": None}
    assert guest.emit("typing", {"channel_id": channel.id}, callback=True)["ok"]
    assert events(mona, "typing")[-1]["label"] == "guest_professional"
