"""Deleting chat messages past their group's retention (flask purge-expired): in bounded batches, each
committed on its own, oldest first; their reactions and reports go with them; other groups' messages, the
unexpired ones and pair channels are left alone; safe to run twice."""
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from aftercare.chat.models import Channel, Message, Reaction, Report
from aftercare.chat.services import channel_for_group, open_pair_channel, purge_expired_messages
from aftercare.extensions import db
from aftercare.timeutil import utcnow


def _messages(channel, author, ages_in_days, prefix):
    """Store one message per age (days ago) in the channel, numbered after its last one."""
    now = utcnow()
    rows = []
    for age in ages_in_days:
        channel.last_seq += 1
        rows.append(Message(channel_id=channel.id, seq=channel.last_seq, author_id=author.id,
                            client_id=f"{prefix}-{channel.last_seq:04d}", body=f"{prefix} {age}",
                            created_at=now - timedelta(days=age, minutes=channel.last_seq)))
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _bodies(channel):
    return sorted(db.session.scalars(select(Message.body).where(Message.channel_id == channel.id)))


@pytest.fixture
def watch():
    """Counts commits and, per DELETE of chat messages, the rows it deleted (as the database says)."""
    seen = {"commits": 0, "deletes": []}
    session = db.session()
    engine = db.engine

    def committed(_session):
        seen["commits"] += 1

    def executed(_conn, cursor, statement, _params, _context, _many):
        if statement.lstrip().upper().startswith("DELETE FROM CHAT_MESSAGES"):
            seen["deletes"].append(cursor.rowcount)

    event.listen(session, "after_commit", committed)
    event.listen(engine, "after_cursor_execute", executed)
    yield seen
    event.remove(session, "after_commit", committed)
    event.remove(engine, "after_cursor_execute", executed)


def test_purge_deletes_in_bounded_batches_each_committed(make_user, make_group, watch):
    member = make_user()
    group = make_group(members=[member], chat_retention_days=7)
    channel = channel_for_group(group)
    _messages(channel, member, [30] * 5 + [8] * 6, "old")  # 11 expired
    _messages(channel, member, [6, 1, 0], "kept")

    watch["commits"], watch["deletes"] = 0, []
    assert purge_expired_messages(batch_size=3, pause_seconds=0) == 11

    assert _bodies(channel) == ["kept 0", "kept 1", "kept 6"]
    assert watch["deletes"] == [3, 3, 3, 2]  # never more than one batch per statement, no empty ones
    # Each batch its own transaction: a commit per DELETE (and the one ending the first read).
    assert watch["commits"] >= len(watch["deletes"]) + 1


def test_a_post_gets_in_between_batches(make_user, make_group, monkeypatch):
    """Between two batches no transaction of the purge is open: another connection writes to the same
    channel at once (on SQLite, where one writer at a time holds the database, it would otherwise wait)."""
    from aftercare.chat.services import presence

    member = make_user()
    group = make_group(members=[member], chat_retention_days=7)
    channel = channel_for_group(group)
    _messages(channel, member, [8] * 6, "old")
    channel_id, member_id = channel.id, member.id
    stored = []

    def post_from_elsewhere(_seconds):
        with db.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA busy_timeout = 50")
            else:
                connection.exec_driver_sql("SET lock_timeout = '50ms'")
            table = Channel.__table__
            seq = connection.execute(table.update().where(table.c.id == channel_id)
                                     .values(last_seq=table.c.last_seq + 1).returning(table.c.last_seq)).scalar()
            connection.execute(Message.__table__.insert().values(
                channel_id=channel_id, seq=seq, author_id=member_id, client_id=f"between-{seq}",
                body="posted meanwhile", created_at=utcnow()))
            connection.commit()
        stored.append(seq)

    monkeypatch.setattr(presence.time, "sleep", post_from_elsewhere)
    assert purge_expired_messages(batch_size=2, pause_seconds=0.01) == 6
    assert len(stored) == 3
    assert _bodies(channel) == ["posted meanwhile"] * 3


def test_purge_deletes_oldest_first(make_user, make_group):
    member = make_user()
    group = make_group(members=[member], chat_retention_days=7)
    channel = channel_for_group(group)
    _messages(channel, member, [9, 40, 20, 10], "m")
    first = select(Message).where(Message.channel_id == channel.id).order_by(Message.created_at)
    oldest = [m.body for m in db.session.scalars(first)][:2]
    db.session.rollback()

    # Stopped after one batch (as if the run were cut short): the oldest went first, and stayed deleted.
    class Stop(Exception):
        pass

    calls = []
    real_commit = db.session.commit

    def commit_then_stop():
        real_commit()
        calls.append(1)
        if len(calls) == 2:  # the read's commit, then the first batch's
            raise Stop

    db.session.commit = commit_then_stop
    try:
        with pytest.raises(Stop):
            purge_expired_messages(batch_size=2, pause_seconds=0)
    finally:
        del db.session.commit
    remaining = _bodies(channel)
    assert len(remaining) == 2 and not set(oldest) & set(remaining)
    assert purge_expired_messages(batch_size=2, pause_seconds=0) == 2  # the next run finishes it
    assert _bodies(channel) == []


def test_purge_is_idempotent_and_leaves_other_groups_and_pairs_alone(make_user, make_group):
    member, other, time_giver = make_user(), make_user(), make_user()
    short = make_group(members=[member], chat_retention_days=7)
    long = make_group(members=[other], chat_retention_days=90)
    short_channel, long_channel = channel_for_group(short), channel_for_group(long)
    pair = open_pair_channel(time_giver, member)
    db.session.commit()
    _messages(short_channel, member, [8, 20, 1], "short")
    _messages(long_channel, other, [8, 20, 89, 91, 200], "long")
    _messages(pair, time_giver, [400, 1], "pair")

    assert purge_expired_messages(batch_size=2, pause_seconds=0) == 4
    assert _bodies(short_channel) == ["short 1"]
    assert _bodies(long_channel) == ["long 20", "long 8", "long 89"]
    assert _bodies(pair) == ["pair 1", "pair 400"]  # a pair channel has no group retention
    assert purge_expired_messages(batch_size=2, pause_seconds=0) == 0
    assert db.session.scalar(select(func.count()).select_from(Message)) == 6
    assert db.session.get(Channel, short_channel.id).last_seq == 3  # numbering goes on after the gap


def test_purge_takes_reactions_and_reports_of_purged_messages_only(make_user, make_group):
    member, reader = make_user(), make_user()
    group = make_group(members=[member, reader], chat_retention_days=7)
    channel = channel_for_group(group)
    old = _messages(channel, member, [10, 10, 10], "old")
    new = _messages(channel, member, [1], "new")
    for message in old + new:
        db.session.add(Reaction(message_id=message.id, user_id=reader.id, kind="heart"))
        db.session.add(Report(message_id=message.id, reporter_id=reader.id, reason="see"))
    db.session.commit()
    new_id = new[0].id

    assert purge_expired_messages(batch_size=2, pause_seconds=0) == 3
    assert list(db.session.scalars(select(Reaction.message_id))) == [new_id]
    assert list(db.session.scalars(select(Report.message_id))) == [new_id]


def test_purge_batch_size_and_pause_come_from_the_config(app, make_user, make_group, watch, monkeypatch):
    from aftercare.chat.services import presence

    member = make_user()
    group = make_group(members=[member], chat_retention_days=7)
    _messages(channel_for_group(group), member, [8] * 5, "old")
    app.config.update(CHAT_PURGE_BATCH_SIZE=2, CHAT_PURGE_PAUSE_SECONDS=0.25)
    pauses = []
    monkeypatch.setattr(presence.time, "sleep", pauses.append)
    watch["deletes"] = []

    assert purge_expired_messages() == 5
    assert watch["deletes"] == [2, 2, 1]
    assert pauses == [0.25] * 3  # after each batch


def test_purge_command_output_is_unchanged(app, runner, make_user, make_group):
    member = make_user()
    group = make_group(members=[member], chat_retention_days=7)
    _messages(channel_for_group(group), member, [8] * 5 + [1], "m")
    app.config.update(CHAT_PURGE_BATCH_SIZE=2, CHAT_PURGE_PAUSE_SECONDS=0)
    assert "Deleted 5 chat message(s) past retention" in runner.invoke(args=["purge-expired"]).output
    assert "Deleted 0 chat message(s) past retention" in runner.invoke(args=["purge-expired"]).output


def test_rows_deleted_by_someone_else_meanwhile_are_not_counted_and_none_are_left(make_user, make_group, monkeypatch):
    from aftercare.chat.services import presence

    member = make_user()
    group = make_group(members=[member], chat_retention_days=7)
    channel = channel_for_group(group)
    rows = _messages(channel, member, [8] * 6, "old")
    newest_expired = rows[0].id  # the youngest of them: the purge comes to it last
    gone = []

    def delete_elsewhere(_seconds):  # an account's deletion, say, while the purge pauses
        if not gone:
            with db.engine.connect() as connection:
                connection.execute(Message.__table__.delete().where(Message.__table__.c.id == newest_expired))
                connection.commit()
            gone.append(newest_expired)

    monkeypatch.setattr(presence.time, "sleep", delete_elsewhere)
    assert purge_expired_messages(batch_size=5, pause_seconds=0.01) == 5
    assert gone and _bodies(channel) == []
