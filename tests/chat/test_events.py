"""Socket events: connection checks, posting with acknowledgements, no doubles, catching up, moderation."""
import pytest
from sqlalchemy import func, select

from aftercare.chat import services
from aftercare.chat.models import Message
from aftercare.extensions import db
from aftercare.groups import services as groups

from .conftest import events


def send(socket, channel, body, client_id):
    return socket.emit("send", {"channel_id": channel.id, "client_id": client_id, "body": body}, callback=True)


def test_anonymous_connections_are_refused(app, socket_client):
    socket = socket_client(app.test_client())
    assert not socket.is_connected()


def test_cross_site_and_tokenless_connections_are_refused(chat_as, make_user):
    user = make_user()
    cross_site, _ = chat_as(user, origin="https://evil.example")
    assert not cross_site.is_connected()
    no_token, _ = chat_as(user, csrf=False)
    assert not no_token.is_connected()
    good, _ = chat_as(user)
    assert good.is_connected()


def test_member_joins_posts_and_everyone_receives_it_once(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    assert mona.emit("join", {"channel_id": channel.id, "last_seq": 0}, callback=True)["ok"]
    assert kari.emit("join", {"channel_id": channel.id, "last_seq": 0}, callback=True)["ok"]
    kari.get_received()
    ack = send(mona, channel, "Hello <b>everyone</b>", "client-id-0001")
    assert ack["ok"] and ack["seq"] == 1
    stored = db.session.get(Message, ack["id"])
    assert stored.body == "Hello <b>everyone</b>" and stored.seq == 1  # committed before the ack
    received = events(kari, "message")
    assert [(m["seq"], m["body"], m["author"]) for m in received] == [(1, "Hello <b>everyone</b>", "Mona")]


def test_a_resend_after_a_lost_ack_is_not_stored_twice(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    mona.emit("join", {"channel_id": channel.id}, callback=True)
    first = send(mona, channel, "Only once", "same-client-id-1")
    mona.get_received()
    second = send(mona, channel, "Only once", "same-client-id-1")
    assert second["id"] == first["id"] and second["duplicate"] is True
    assert events(mona, "message") == []  # not broadcast again
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


@pytest.mark.parametrize("body,message", [("", "Write something"), ("x" * 2001, "at most 2000"),
                                          ("bell\x07", "cannot be shown"), (42, "is text")])
def test_invalid_messages_are_refused_and_nothing_is_stored(chat_as, group_with_chat, body, message):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    ack = send(mona, channel, body, "client-id-0002")
    assert not ack["ok"] and message in ack["error"]
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_non_members_cannot_join_read_or_post(chat_as, group_with_chat, make_user):
    group, channel, leader, member = group_with_chat
    outsider, _ = chat_as(make_user(["admin"]))
    assert outsider.emit("join", {"channel_id": channel.id}, callback=True)["ok"] is False
    assert send(outsider, channel, "hi", "client-id-0003")["ok"] is False
    assert outsider.emit("fetch", {"channel_id": channel.id, "after_seq": 0}, callback=True)["ok"] is False
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_unaccepted_rules_mean_read_only(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    proposal = groups.propose_rule(leader, group, "add", text="Phones on silent")
    groups.cast_vote(member, group, proposal, "yes")  # adopted: everyone must accept again
    mona, _ = chat_as(member)
    joined = mona.emit("join", {"channel_id": channel.id}, callback=True)
    assert joined["ok"] and joined["state"]["can_post"] is False
    ack = send(mona, channel, "Can I post?", "client-id-0004")
    assert not ack["ok"] and "accept" in ack["error"]
    groups.accept_rules(member, group)
    assert send(mona, channel, "Now I can", "client-id-0005")["ok"]


def test_removed_member_is_cut_off_at_once(app, chat_as, group_with_chat, login):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, kari_http = chat_as(leader)
    for socket in (mona, kari):
        socket.emit("join", {"channel_id": channel.id}, callback=True)
    mona.get_received()
    kari_http.post(f"/groups/{group.id}/members/{member.id}/remove", data={"reason": "Taking a break"})
    assert any(e["channel_id"] == channel.id for e in events(mona, "access_ended"))
    send(kari, channel, "After the removal", "client-id-0006")
    assert events(mona, "message") == []  # out of the room: nothing more arrives
    assert send(mona, channel, "Still here?", "client-id-0007")["ok"] is False
    assert mona.emit("fetch", {"channel_id": channel.id, "after_seq": 0}, callback=True)["ok"] is False


def test_member_who_leaves_is_cut_off(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    mona.emit("join", {"channel_id": channel.id}, callback=True)
    groups.leave_group(member, group)
    assert events(mona, "access_ended")
    assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"] is False


def test_offline_client_catches_up_on_500_messages_in_order_without_duplicates(app, chat_as, group_with_chat):
    app.config["CHAT_RATE_LIMIT"] = "1000 per minute"
    group, channel, leader, member = group_with_chat
    for n in range(1, 501):
        services.post_message(leader, channel, client_id=f"bulk-message-{n:04d}", body=f"message {n}")
    mona, _ = chat_as(member)
    last_seq, seen = 0, []
    reply = mona.emit("join", {"channel_id": channel.id, "last_seq": last_seq}, callback=True)
    batch = reply["messages"]
    while batch:
        seen.extend(m["seq"] for m in batch)
        last_seq = batch[-1]["seq"]
        batch = mona.emit("fetch", {"channel_id": channel.id, "after_seq": last_seq}, callback=True)["messages"]
    assert seen == list(range(1, 501))
    assert reply["more"] is True and reply["last_seq"] == 500


def test_a_gap_is_filled_by_range(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    for n in range(1, 11):
        services.post_message(leader, channel, client_id=f"gap-message-{n:04d}", body=f"m{n}")
    mona, _ = chat_as(member)
    reply = mona.emit("fetch", {"channel_id": channel.id, "from_seq": 4, "to_seq": 6}, callback=True)
    assert [m["seq"] for m in reply["messages"]] == [4, 5, 6]
    too_many = mona.emit("fetch", {"channel_id": channel.id, "from_seq": 1, "to_seq": 999}, callback=True)
    assert too_many["ok"] is False


def test_leader_hides_a_message_others_see_it_removed_author_sees_why(chat_as, group_with_chat, make_user, make_group):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    for socket in (mona, kari):
        socket.emit("join", {"channel_id": channel.id}, callback=True)
    message_id = send(mona, channel, "Something I regret", "client-id-0008")["id"]
    for socket in (mona, kari):
        socket.get_received()
    assert mona.emit("hide", {"message_id": message_id, "reason": "x"}, callback=True)["ok"] is False  # members can't
    assert kari.emit("hide", {"message_id": message_id, "reason": "Names of children"}, callback=True)["ok"]
    seen_by_kari = events(kari, "message_changed")
    assert seen_by_kari[-1]["hidden"] and seen_by_kari[-1]["body"] is None
    seen_by_mona = events(mona, "message_changed")
    assert any(m["hidden_reason"] == "Names of children" for m in seen_by_mona)


def test_pause_and_slow_mode(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    assert mona.emit("moderate", {"channel_id": channel.id, "paused": True}, callback=True)["ok"] is False
    assert kari.emit("moderate", {"channel_id": channel.id, "paused": True}, callback=True)["ok"]
    assert "paused" in send(mona, channel, "hello?", "client-id-0009")["error"]
    assert send(kari, channel, "We pause for a moment", "client-id-0010")["ok"]
    kari.emit("moderate", {"channel_id": channel.id, "paused": False, "slow_mode_seconds": 30}, callback=True)
    assert send(mona, channel, "first", "client-id-0011")["ok"]
    assert "Slow mode" in send(mona, channel, "second", "client-id-0012")["error"]


def test_mute_for_the_rest_of_the_meeting(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    message_id = send(mona, channel, "Loud", "client-id-0013")["id"]
    assert kari.emit("mute", {"message_id": message_id}, callback=True)["ok"]
    assert "muted" in send(mona, channel, "Still loud", "client-id-0014")["error"]


def test_posting_rate_limit_has_a_clear_message(app, chat_as, group_with_chat):
    app.config["CHAT_RATE_LIMIT"] = "3 per minute"
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    for n in range(3):
        assert send(mona, channel, f"m{n}", f"rate-limit-id-{n}")["ok"]
    refused = send(mona, channel, "one too many", "rate-limit-id-9")
    assert not refused["ok"] and "very quickly" in refused["error"]


def test_reactions_and_reports_reach_the_leaders_only(chat_as, group_with_chat, make_user):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, kari_http = chat_as(leader)
    for socket in (mona, kari):
        socket.emit("join", {"channel_id": channel.id}, callback=True)
    message_id = send(kari, channel, "You did well today", "client-id-0015")["id"]
    assert mona.emit("react", {"message_id": message_id, "kind": "heart"}, callback=True)["ok"]
    assert mona.emit("react", {"message_id": message_id, "kind": "thumbs-down"}, callback=True)["ok"] is False
    assert events(kari, "message_changed")[-1]["reactions"] == {"heart": 1}
    mona.get_received()
    assert mona.emit("report", {"message_id": message_id, "reason": "test"}, callback=True)["ok"]
    assert events(kari, "reports") and not events(mona, "reports")
    page = kari_http.get(f"/chat/{channel.id}/reports").get_data(as_text=True)
    assert "You did well today" in page and "test" in page


def test_typing_goes_to_the_others(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    for socket in (mona, kari):
        socket.emit("join", {"channel_id": channel.id}, callback=True)
        socket.get_received()
    mona.emit("typing", {"channel_id": channel.id}, callback=True)
    assert events(kari, "typing")[0]["name"] == "Mona" and events(mona, "typing") == []


def test_presence_lists_who_is_here(chat_as, group_with_chat):
    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    kari, _ = chat_as(leader)
    mona.emit("join", {"channel_id": channel.id}, callback=True)
    joined = kari.emit("join", {"channel_id": channel.id}, callback=True)
    assert {p["name"] for p in joined["state"]["here"]} == {"Kari", "Mona"}
    mona.disconnect()
    assert {p["name"] for p in events(kari, "presence")[-1]["here"]} == {"Kari"}


def test_pair_channel_is_for_its_two_people_only(chat_as, make_user):
    giver, participant, other = make_user(["time_giver"]), make_user(), make_user()
    channel = services.open_pair_channel(giver, participant)
    db.session.commit()
    a, _ = chat_as(giver)
    b, _ = chat_as(participant)
    c, _ = chat_as(other)
    assert a.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    assert b.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    assert c.emit("join", {"channel_id": channel.id}, callback=True)["ok"] is False
    assert send(b, channel, "Coffee on Thursday?", "client-id-0016")["ok"]
    assert events(a, "message")[-1]["body"] == "Coffee on Thursday?"


def test_the_sweeper_ejects_sockets_whose_access_ended_without_a_hook(chat_as, group_with_chat):
    """Access can end by time alone (a closed group's reading window, a guest's window); each process
    sweeps its own sockets."""
    from datetime import timedelta

    from aftercare.chat import broadcast
    from aftercare.groups.models import Group
    from aftercare.timeutil import utcnow

    group, channel, leader, member = group_with_chat
    mona, _ = chat_as(member)
    assert mona.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    db.session.execute(db.update(Group).where(Group.id == group.id).values(
        phase="closed", closed_at=utcnow() - timedelta(days=100)))
    db.session.commit()
    assert broadcast.eject_without_access(local_only=True) == 1
    assert events(mona, "access_ended")
