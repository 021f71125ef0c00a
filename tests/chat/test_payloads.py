"""Socket payloads: every event checks its payload's types and ids against the caller's own channel and
group, answers a clear error, changes nothing on refusal; malformed packets are answered, never a
traceback; logs hold no payloads and are rate-limited; a burst of bad events drops the socket."""
import logging
from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from aftercare.chat.models import Channel, LiveMeeting, Message, Presence
from aftercare.extensions import db
from aftercare.meetings import services as meetings
from aftercare.meetings.models import Meeting
from aftercare.timeutil import utcnow

from .conftest import events


def emit_raw(socket, encoded):
    """Hand the server one Socket.IO packet as a client would put it on the wire (the Engine.IO frame
    around it taken off); returns what the socket received."""
    client = socket._client
    with socket._app.app_context():
        client.socketio.server._handle_eio_message(client.eio_sid, encoded)
    return [item for item in socket.get_received()]


def row_counts():
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def meeting_now(leader, group):
    series = meetings.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                               start_time=time(18, 0), end_time=time(19, 30), online=True)
    meeting = series.meetings[0]
    start = utcnow() - timedelta(minutes=5)
    db.session.execute(db.update(Meeting).where(Meeting.id == meeting.id).values(
        starts_at=start, ends_at=start + timedelta(minutes=90)))
    db.session.commit()
    return meeting


def test_leave_from_someone_who_cannot_read_the_channel_is_refused_and_pushes_nothing(
        chat_as, group_with_chat, make_user):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    mona.get_received()
    outsider, _ = chat_as(make_user())
    for _ in range(15):
        refused = outsider.emit("leave", {"channel_id": channel.id}, callback=True)
        assert refused["ok"] is False and refused["error"] == "Not found."
    assert events(mona, "presence") == []
    # A member's own leave is heard once; a second leave of the same socket changes nothing.
    kari, _ = chat_as(leader)
    kari.emit("join", {"channel_id": channel.id}, callback=True)
    mona.get_received()
    assert kari.emit("leave", {"channel_id": channel.id}, callback=True)["ok"]
    assert kari.emit("leave", {"channel_id": channel.id}, callback=True)["ok"]
    assert len(events(mona, "presence")) == 1


def test_joining_again_does_not_push_presence_again(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    kari.emit("join", {"channel_id": channel.id}, callback=True)
    mona.emit("join", {"channel_id": channel.id}, callback=True)
    kari.get_received()
    for _ in range(10):
        assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    assert events(kari, "presence") == []


def test_open_live_takes_only_the_meeting_being_held_in_this_group(chat_as, group_with_chat, make_group, make_user):
    group, channel, leader, member = group_with_chat
    other_leader = make_user()
    other_group = make_group(leaders=[other_leader])
    theirs = meeting_now(other_leader, other_group)
    kari, _ = chat_as(leader)
    for meeting_id in (theirs.id, 999_999, True, "1", -1, 2**31, 1.5):
        refused = kari.emit("open_live", {"channel_id": channel.id, "meeting_id": meeting_id}, callback=True)
        assert refused["ok"] is False and refused["error"]
    assert db.session.scalar(select(func.count()).select_from(LiveMeeting)) == 0
    ours = meeting_now(leader, group)
    assert kari.emit("open_live", {"channel_id": channel.id, "meeting_id": ours.id}, callback=True)["ok"]
    assert db.session.scalar(select(LiveMeeting.meeting_id)) == ours.id


def test_a_leader_lowers_only_a_hand_that_is_up(chat_as, group_with_chat, make_user):
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    assert kari.emit("open_live", {"channel_id": channel.id}, callback=True)["ok"]
    refused = kari.emit("lower_hand", {"channel_id": channel.id, "user_id": member.id}, callback=True)
    assert refused == {"ok": False, "error": "That person does not have a hand up."}


@pytest.mark.parametrize("paused", ["false", "true", 0, 1, None, [], {}, "", 0.0])
def test_pause_takes_a_real_bool_only(chat_as, group_with_chat, paused):
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    refused = kari.emit("moderate", {"channel_id": channel.id, "paused": paused}, callback=True)
    assert refused["ok"] is False and "could not understand" in refused["error"]
    db.session.expire_all()
    assert db.session.get(Channel, channel.id).paused is False


def test_moderation_changes_nothing_when_one_setting_is_wrong(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    refused = kari.emit("moderate", {"channel_id": channel.id, "paused": True, "slow_mode_seconds": 601},
                        callback=True)
    assert refused == {"ok": False, "error": "Slow mode is between 0 and 600 seconds."}
    db.session.expire_all()
    assert db.session.get(Channel, channel.id).paused is False


def test_true_is_not_channel_one(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    if channel.id != 1:
        pytest.skip("the database's sequences did not start this test's channel at 1")
    mona, _ = chat_as(member)
    assert mona.emit("join", {"channel_id": True}, callback=True)["ok"] is False
    assert db.session.scalar(select(func.count()).select_from(Presence)) == 0


BAD_PAYLOADS = [
    ("join", ()), ("join", (None,)), ("join", ("text",)), ("join", ([1],)), ("join", ({"channel_id": 1}, 2)),
    ("join", ({"channel_id": "1"},)), ("join", ({"channel_id": 1.0},)), ("join", ({"channel_id": 10**30},)),
    ("join", ({"channel_id": -1},)), ("join", ({"channel_id": 1, "last_seq": "x" * 50},)),
    ("join", ({"channel_id": 1, "last_seq": 10**30},)), ("join", ({"channel_id": 1, "extra": 1},)),
    ("read", ({"channel_id": 1, "seq": float("nan")},)), ("read", ({"channel_id": 1, "seq": float("inf")},)),
    ("read", ({"channel_id": 1, "seq": -float("inf")},)),
    ("send", ({"channel_id": 1, "client_id": "abcdefgh12", "body": "a\ud800b"},)),
    ("send", ({"channel_id": 1, "client_id": "abcdefgh12", "body": "nul\x00"},)),
    ("send", ({"channel_id": 1, "client_id": "abc\udfffdefgh12", "body": "hi"},)),
    ("send", ({"channel_id": 1, "client_id": ["abcdefgh12"], "body": "hi"},)),
    ("send", ({"channel_id": 1, "client_id": "abcdefgh12", "body": {"text": "hi"}},)),
    ("send", ({"channel_id": 1, "client_id": "abcdefgh12", "body": "x" * 900_000},)),
    ("send", ({"channel_id": 1, "client_id": "abcdefgh12", "body": [[[[[[[[[["deep"]]]]]]]]]]},)),
    ("fetch", ({"channel_id": 1, "from_seq": 1},)), ("fetch", ({"channel_id": 1, "from_seq": "1", "to_seq": 2},)),
    ("fetch", ({"channel_id": 1, "after_seq": 2**31},)),
    ("react", ({"message_id": 1, "kind": ["heart"]},)), ("react", ({"message_id": True, "kind": "heart"},)),
    ("report", ({"message_id": 1, "reason": ["x"]},)), ("report", ({"message_id": 1, "reason": "x" * 501},)),
    ("hide", ({"message_id": 1, "reason": ["x"]},)), ("hide", ({"message_id": 1},)),
    ("moderate", ({"channel_id": 1},)), ("moderate", ({"channel_id": 1, "slow_mode_seconds": "30"},)),
    ("moderate", ({"channel_id": 1, "slow_mode_seconds": 30.0},)),
    ("moderate", ({"channel_id": 1, "slow_mode_seconds": None},)),
    ("mute", ({"message_id": "1"},)), ("typing", ({},)),
    ("lower_hand", ({"channel_id": 1, "user_id": "2"},)), ("give_floor", ({"channel_id": 1, "user_id": 2**40},)),
    ("open_live", ({"channel_id": 1, "meeting_id": float("nan")},)), ("close_live", ({"channel_id": [1]},)),
    ("raise_hand", ({"channel_id": {"$gt": 0}},)), ("no_such_event", ({"channel_id": 1},)),
]


@pytest.mark.parametrize("event,args", BAD_PAYLOADS, ids=[f"{e}-{n}" for n, (e, _) in enumerate(BAD_PAYLOADS)])
def test_malformed_payloads_get_a_clear_error_change_nothing_and_log_no_traceback(
        chat_as, group_with_chat, caplog, event, args):
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    message_id = kari.emit("send", {"channel_id": channel.id, "client_id": "first-message", "body": "Hello"},
                           callback=True)["id"]
    real_ids = {"channel_id": channel.id, "message_id": message_id}  # 1 in the table stands for the real one
    args = tuple({key: real_ids[key] if key in real_ids and type(value) is int and value == 1 else value
                  for key, value in arg.items()} if isinstance(arg, dict) else arg for arg in args)
    before = row_counts()
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        ack = kari.emit(event, *args, callback=True)
    assert ack["ok"] is False and isinstance(ack["error"], str) and 5 < len(ack["error"]) < 200
    assert "Something went wrong" not in ack["error"]
    assert not [record for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]
    assert sum(len(record.getMessage()) for record in caplog.records) < 300
    assert row_counts() == before


RAW_PACKETS = [
    '21["join",' + "[" * 100_000 + "]" * 100_000 + "]",  # nesting deeper than the decoder allows
    '21["join",{"channel_id":1' + "0" * 150 + "}]",  # an integer of 151 digits
    '21["join",{"channel_id":1',  # cut short
    '21{"channel_id":1}',  # not a list
    "21[]",  # no event name
    "21[1,2]",  # a name that is not text
    '21["connect",{"csrf_token":"x"}]',  # a reserved name
    '21["disconnect"]',
    '21["' + "n" * 10_000 + '"]',
    '51-1["join",{"_placeholder":true,"num":0}]',  # a binary event (the chat sends none)
    "41",  # CONNECT_ERROR from a client
    "91",  # no such packet type
    "3",  # an ack of nothing
]


@pytest.mark.parametrize("encoded", RAW_PACKETS, ids=range(len(RAW_PACKETS)))
def test_unreadable_packets_are_answered_and_logged_without_traceback(chat_as, group_with_chat, caplog, encoded):
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    kari.get_received()
    before = row_counts()
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        emit_raw(kari, encoded)
    assert not [record for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]
    assert sum(len(record.getMessage()) for record in caplog.records) < 300
    assert row_counts() == before
    assert kari.is_connected()
    assert kari.emit("join", {"channel_id": channel.id}, callback=True)["ok"]  # the socket still works


def test_an_unreadable_packet_with_an_ack_id_gets_an_error_answer(chat_as, group_with_chat):
    """The test client keeps only acks it asked for, so this one is read off the server's packet queue."""
    from socketio import packet

    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    sent = []
    server = kari._client.socketio.server
    original = server._send_packet
    server._send_packet = lambda eio_sid, pkt: sent.append(pkt) or original(eio_sid, pkt)
    try:
        emit_raw(kari, '27["join",{"channel_id":1' + "0" * 150 + "}]")
        emit_raw(kari, '28["connect"]')
    finally:
        server._send_packet = original
    acks = [(pkt.id, pkt.data) for pkt in sent if pkt.packet_type == packet.ACK]
    assert [ack_id for ack_id, _ in acks] == [7, 8]
    assert all(data[0]["ok"] is False and "could not understand" in data[0]["error"] for _, data in acks)


def test_logs_hold_no_payload_and_one_line_per_socket_per_minute(chat_as, group_with_chat, caplog):
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    secret = "my sponsor's phone number is 12345678 "
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        for n in range(15):  # below the burst that drops the socket
            kari.emit("send", {"channel_id": channel.id, "client_id": n, "body": secret * 20_000}, callback=True)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert secret.strip() not in text and "12345678" not in text
    assert len(caplog.records) == 1 and len(text) < 200
    assert "send" in text and "Malformed" in text and "client_id" in text


def test_a_burst_of_bad_events_drops_the_socket(chat_as, group_with_chat, caplog):
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    kari.emit("join", {"channel_id": channel.id}, callback=True)
    with caplog.at_level(logging.WARNING):
        for n in range(19):
            assert kari.emit("join", {"channel_id": "x" * n}, callback=True)["ok"] is False
        assert kari.is_connected()
        kari.emit("join", {"channel_id": "x"}, callback=True)
    assert not kari.is_connected()
    assert any("dropped after 20 bad events" in record.getMessage() for record in caplog.records)
    assert db.session.scalar(select(func.count()).select_from(Presence)) == 0  # its presence went with it


def test_ordinary_refusals_do_not_count_towards_dropping(app, chat_as, group_with_chat):
    app.config["CHAT_RATE_LIMIT"] = "1000 per minute"
    group, channel, leader, member = group_with_chat
    kari, _ = chat_as(leader)
    mona, _ = chat_as(member)
    kari.emit("moderate", {"channel_id": channel.id, "slow_mode_seconds": 60}, callback=True)
    assert mona.emit("send", {"channel_id": channel.id, "client_id": "slow-first", "body": "one"},
                     callback=True)["ok"]
    for n in range(30):
        refused = mona.emit("send", {"channel_id": channel.id, "client_id": f"slow-{n:05d}", "body": "again"},
                            callback=True)
        assert "Slow mode" in refused["error"]
    assert mona.is_connected()
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1
