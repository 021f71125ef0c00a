"""Chat notifications: a report reaches the group's leaders at once (in the live chat too), and a member away
from the chat is told of new messages once per quiet period, never once per message."""
from datetime import timedelta

from aftercare.chat import services
from aftercare.chat.models import Presence
from aftercare.extensions import db
from aftercare.timeutil import utcnow

from ..chat.conftest import events
from .conftest import all_texts, in_both_languages, new, notes, only_told


def _post(user, channel, body, now, n):
    message, _created = services.post_message(user, channel, client_id=f"wiring-{n:04d}", body=body, now=now)
    return message


def test_a_report_reaches_the_leaders_at_once_in_the_chat_and_as_a_notification(chat_as, make_user, make_group):
    leader, co_leader, member, reporter = make_user(), make_user(), make_user(), make_user()
    group = make_group(leaders=[leader, co_leader], members=[member, reporter], name="Torsdagsgruppa")
    channel = services.channel_for_group(group)
    kari, kari_http = chat_as(leader)
    mona, _ = chat_as(reporter)
    for socket in (kari, mona):
        socket.emit("join", {"channel_id": channel.id}, callback=True)
        socket.get_received()
    message = _post(member, channel, "A hard week", utcnow(), 1)
    assert mona.emit("report", {"message_id": message.id, "reason": "SHE NAMED MY EX"}, callback=True)["ok"]
    assert events(kari, "reports") and not events(mona, "reports")  # live, to the leader in the chat
    told = only_told("message_reported", [leader, co_leader], [reporter, member, make_user()])
    assert told.link == f"/chat/{channel.id}/reports"
    in_both_languages(told, "Torsdagsgruppa")
    assert "MY EX" not in all_texts(leader)
    page = kari_http.get(f"/chat/{channel.id}").get_data(as_text=True)
    assert 'id="chat-report-alert"' in page and f'href="/chat/{channel.id}/reports"' in page

    [report] = services.open_reports(leader, channel)
    services.resolve_report(leader, report.id)
    assert new(leader, "message_reported") == [] and new(co_leader, "message_reported") == []


def test_a_member_away_is_told_once_per_quiet_period(make_user, make_group):
    leader, away, here = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[away, here], name="Torsdagsgruppa")
    channel = services.channel_for_group(group)
    start = utcnow() - timedelta(hours=3)
    for n in range(5):
        _post(leader, channel, f"message {n}", start + timedelta(minutes=n), n)
    db.session.add(Presence(sid="sid-here", user_id=here.id, channel_id=channel.id, seen_at=utcnow()))
    db.session.commit()

    assert services.tell_members_away(start + timedelta(minutes=10)) == 0  # not away long enough yet
    assert services.tell_members_away() == 1
    assert services.tell_members_away() == 0  # the sweep again: nothing twice
    told = only_told("chat_new_messages", [away], [leader, here])  # not the author, not someone in the chat
    assert told.link == f"/chat/{channel.id}"
    in_both_languages(told, "Torsdagsgruppa")

    _post(leader, channel, "and one more", utcnow() - timedelta(hours=1), 9)
    assert services.tell_members_away() == 0  # still away: no second notice for this quiet period

    db.session.refresh(channel)
    services.mark_read(away, channel, channel.last_seq)  # back in the chat
    assert new(away, "chat_new_messages") == []
    _post(leader, channel, "next week", utcnow() - timedelta(minutes=40), 10)
    assert services.tell_members_away() == 1  # a new quiet period
    assert len(notes(away, "chat_new_messages")) == 2
