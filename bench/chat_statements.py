"""SQL statements per chat page view and per socket join, and the time of a reconnect's catch-up.

Prints, for a group channel whose last messages each carry reactions: the statements one signed-in
GET of the chat page sends, those of the socket join that follows it (from the first message the page
showed, as static/js/chat.js joins), and the statements and server time of a reconnect that missed
1,000 messages (the join, then `fetch` until caught up, as the page does). In process, through the
test clients; on SQLite in a temporary file, or on BENCH_DATABASE_URL (its tables are recreated).

Usage: python bench/chat_statements.py [--history 1200] [--missed 1000] [--rounds 5]
"""
import argparse
import os
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@contextmanager
def counting_statements(engine):
    """Counts every statement sent on the engine while the block runs: `with ... as count: count[0]`."""
    count = [0]

    def seen(*_args):
        count[0] += 1

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def build(history):
    from aftercare.chat.models import Channel, Message, Reaction
    from aftercare.extensions import db
    from aftercare.timeutil import utcnow
    from tests.factories import Factories, make_group_in_db

    factories = Factories()
    leader, member = factories.user(display_name="Kari"), factories.user(display_name="Mona")
    others = [factories.user() for _ in range(3)]
    group = make_group_in_db(factories, leaders=[leader], members=[member, *others])
    channel = db.session.query(Channel).filter_by(group_id=group.id).one_or_none()
    if channel is None:  # made with the group since it has one of its own; older code made it on first use
        channel = Channel(kind="group", group_id=group.id)
        db.session.add(channel)
        db.session.flush()
    people = [leader, member, *others]
    now = utcnow()
    for seq in range(1, history + 1):
        db.session.add(Message(channel_id=channel.id, seq=seq, author_id=people[seq % len(people)].id,
                               client_id=f"bench-{seq:08d}", body=f"Message {seq}", created_at=now))
    channel.last_seq = history
    db.session.flush()
    messages = db.session.query(Message).filter(Message.channel_id == channel.id, Message.seq > history - 50).all()
    for message in messages:
        for person, kind in zip(others, ("heart", "thanks", "strong")):
            db.session.add(Reaction(message_id=message.id, user_id=person.id, kind=kind))
    db.session.commit()
    return channel.id, member


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--history", type=int, default=1200)
    parser.add_argument("--missed", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from aftercare import create_app
    from aftercare.extensions import db, socketio
    from tests.conftest import IsolatedClient, IsolatedSocket, suite_config
    from tests.factories import DEFAULT_PASSWORD

    url = os.environ.get("BENCH_DATABASE_URL") or "sqlite:///" + str(Path(tempfile.mkdtemp()) / "statements.sqlite3")
    app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=url))
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        channel_id, member = build(args.history)
        http = app.test_client()
        http.post("/login", data={"username": member.username, "password": DEFAULT_PASSWORD})
        token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/account").get_data(as_text=True)).group(1)
        socket = IsolatedSocket(app, flask_test_client=http, headers={"Origin": "http://localhost"},
                                auth={"csrf_token": token})
        page_counts, join_counts, catch_counts, catch_times = [], [], [], []
        for _ in range(args.rounds):
            with counting_statements(db.engine) as count:
                page = http.get(f"/chat/{channel_id}").get_data(as_text=True)
            page_counts.append(count[0])
            first = min(int(seq) for seq in re.findall(r'data-seq="(\d+)"', page))
            with counting_statements(db.engine) as count:
                ack = socket.emit("join", {"channel_id": channel_id, "last_seq": first - 1}, callback=True)
            assert ack["ok"], ack
            join_counts.append(count[0])
            socket.get_received()
            with counting_statements(db.engine) as count:
                started = time.perf_counter()
                last = args.history - args.missed
                ack = socket.emit("join", {"channel_id": channel_id, "last_seq": last}, callback=True)
                received = len(ack["messages"])
                last = ack["messages"][-1]["seq"] if ack["messages"] else last
                while last < ack["last_seq"]:
                    answer = socket.emit("fetch", {"channel_id": channel_id, "after_seq": last}, callback=True)
                    received += len(answer["messages"])
                    last = answer["messages"][-1]["seq"]
                catch_times.append(time.perf_counter() - started)
            catch_counts.append(count[0])
            assert received == args.missed, received
            socket.get_received()
        socket.disconnect()
        db.session.remove()
        db.drop_all()
    del socketio
    print(f"chat page view: {min(page_counts)} statements (rounds: {page_counts})")
    print(f"socket join after it: {min(join_counts)} statements (rounds: {join_counts})")
    print(f"catch-up of {args.missed} missed messages: {min(catch_counts)} statements, "
          f"best {1000 * min(catch_times):.0f} ms, median {1000 * sorted(catch_times)[len(catch_times) // 2]:.0f} ms")


if __name__ == "__main__":
    main()
