"""The chat page and the socket join cost the same few statements however long the history is."""
import pytest
from sqlalchemy import event

from aftercare.chat.models import Message, Reaction
from aftercare.extensions import db
from aftercare.timeutil import utcnow


class StatementCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args):
        self.count += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self)


def _history(channel, people, count):
    """`count` messages by turns of `people`, each with a reaction of every one of them."""
    now = utcnow()
    start = channel.last_seq
    messages = [Message(channel_id=channel.id, seq=start + n, author_id=people[n % len(people)].id,
                        client_id=f"history-{start + n:06d}", body=f"Message {start + n}", created_at=now)
                for n in range(1, count + 1)]
    db.session.add_all(messages)
    channel.last_seq = start + count
    db.session.flush()
    for message in messages:
        for person, kind in zip(people, ("heart", "thanks", "strong")):
            db.session.add(Reaction(message_id=message.id, user_id=person.id, kind=kind))
    db.session.commit()


def _page_statements(client, channel):
    client.get(f"/chat/{channel.id}")  # the first view warms what every view shares (the login's touch)
    with StatementCounter() as counter:
        page = client.get(f"/chat/{channel.id}").get_data(as_text=True)
    return counter.count, page


@pytest.mark.parametrize("authors", [1, 3])
def test_the_chat_page_costs_the_same_with_10_and_with_50_messages(app, login, make_user, make_group, authors):
    people = [make_user(display_name=f"Person {n}") for n in range(3)]
    group = make_group(leaders=[people[0]], members=people[1:])
    from aftercare.chat.services import channel_for_group

    channel = channel_for_group(group)
    client = app.test_client()
    login(client, people[1])
    _history(channel, people[:authors], 10)
    ten, page = _page_statements(client, channel)
    assert page.count('class="chat-msg') == 10
    _history(channel, people[:authors], 40)
    fifty, page = _page_statements(client, channel)
    assert page.count('class="chat-msg') == 50 and "Message 50" in page
    assert fifty == ten
    assert ten <= 15


def test_joining_after_the_page_costs_the_same_with_10_and_with_50_messages(app, chat_as, group_with_chat):
    _group, channel, leader, member = group_with_chat
    socket, _http = chat_as(member)
    assert socket.emit("join", {"channel_id": channel.id}, callback=True)["ok"]  # the socket is here now
    counts = []
    for extra in (10, 40):
        _history(channel, [leader, member], extra)
        with StatementCounter() as counter:
            ack = socket.emit("join", {"channel_id": channel.id, "last_seq": 0}, callback=True)
        assert ack["ok"] and len(ack["messages"]) == channel.last_seq
        assert all(m["reactions"] == {"heart": 1, "thanks": 1} for m in ack["messages"])
        counts.append(counter.count)
    assert counts[0] == counts[1]
