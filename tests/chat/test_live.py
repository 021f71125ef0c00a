"""Live meetings in the chat: opening, the raise-hand queue, the floor, the floor rule, closing."""
from .conftest import events


def live(socket, event, channel, **extra):
    return socket.emit(event, {"channel_id": channel.id, **extra}, callback=True)


def send(socket, channel, body, client_id):
    return socket.emit("send", {"channel_id": channel.id, "client_id": client_id, "body": body}, callback=True)


def test_only_leaders_open_and_close(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    assert live(mona, "open_live", channel)["ok"] is False
    assert live(kari, "open_live", channel)["ok"]
    assert live(kari, "open_live", channel)["ok"] is False  # already open
    assert live(mona, "close_live", channel)["ok"] is False
    assert live(kari, "close_live", channel)["ok"]


def test_queue_in_order_and_the_floor(chat_as, make_user, make_group):
    from aftercare.chat.services import channel_for_group

    kari, lise = make_user(display_name="Kari"), make_user(display_name="Lise")
    mona, nina = make_user(display_name="Mona"), make_user(display_name="Nina")
    group = make_group(leaders=[kari, lise], members=[mona, nina])
    channel = channel_for_group(group)
    k, _ = chat_as(kari)
    m, _ = chat_as(mona)
    n, _ = chat_as(nina)
    for socket in (k, m, n):
        live_state = socket.emit("join", {"channel_id": channel.id}, callback=True)["state"]["live"]
    assert live_state == {"open": False}
    live(k, "open_live", channel)
    assert live(n, "raise_hand", channel)["ok"]
    assert live(m, "raise_hand", channel)["ok"]
    assert live(n, "raise_hand", channel)["ok"]  # a second raise keeps the first place
    k.get_received()
    assert live(m, "give_floor", channel)["ok"] is False  # members cannot
    assert live(k, "give_floor", channel)["ok"]  # to the first in the queue
    state = events(k, "live")[-1]
    assert state["floor"]["name"] == "Nina" and [p["name"] for p in state["queue"]] == ["Mona"]
    assert live(k, "give_floor", channel, user_id=mona.id)["ok"]
    assert events(k, "live")[-1]["floor"]["name"] == "Mona"
    assert live(k, "give_floor", channel, user_id=lise.id)["ok"]  # the co-leader
    assert events(k, "live")[-1]["floor"]["name"] == "Lise"
    assert live(k, "give_floor", channel, user_id=nina.id)["ok"] is False  # hand not up, not a leader
    live(m, "raise_hand", channel)
    assert live(m, "lower_hand", channel)["ok"]
    assert events(k, "live")[-1]["queue"] == []


def test_floor_rule_lets_only_the_floor_and_leaders_write(chat_as, make_user, make_group):
    from aftercare.chat.services import channel_for_group

    kari, mona, nina = make_user(), make_user(), make_user()
    group = make_group(leaders=[kari], members=[mona, nina], floor_only_in_meetings=True)
    channel = channel_for_group(group)
    k, _ = chat_as(kari)
    m, _ = chat_as(mona)
    n, _ = chat_as(nina)
    assert send(m, channel, "before the meeting", "floor-rule-01")["ok"]
    live(k, "open_live", channel)
    refused = send(m, channel, "may I?", "floor-rule-02")
    assert not refused["ok"] and "floor" in refused["error"]
    live(m, "raise_hand", channel)
    live(k, "give_floor", channel)
    assert send(m, channel, "I have the floor", "floor-rule-03")["ok"]
    assert send(k, channel, "Leaders can always write", "floor-rule-04")["ok"]
    message_id = send(m, channel, "something to react to", "floor-rule-05")["id"]
    assert n.emit("react", {"message_id": message_id, "kind": "strong"}, callback=True)["ok"]  # others react
    live(k, "close_live", channel)
    assert send(n, channel, "after the meeting", "floor-rule-06")["ok"]


def test_closing_lifts_mutes_and_tells_everyone(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    for socket in (mona, kari):
        socket.emit("join", {"channel_id": channel.id}, callback=True)
    live(kari, "open_live", channel)
    message_id = send(mona, channel, "too loud", "mute-live-001")["id"]
    kari.emit("mute", {"message_id": message_id}, callback=True)
    assert not send(mona, channel, "still?", "mute-live-002")["ok"]
    mona.get_received()
    live(kari, "close_live", channel)
    assert events(mona, "live")[-1]["closed"] is True
    assert send(mona, channel, "the meeting is over", "mute-live-003")["ok"]


def test_non_members_take_no_part(chat_as, group_with_chat, make_user):
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    live(kari, "open_live", channel)
    outsider, _ = chat_as(make_user(["coordinator"]))
    assert live(outsider, "raise_hand", channel)["ok"] is False
    assert live(outsider, "give_floor", channel)["ok"] is False
