"""A page runs as many SQL statements for a group of 4 as for a group of 40: members, meetings, agenda
items, chat messages, notifications and time-givers add rows, never statements."""
import uuid
from contextlib import contextmanager
from datetime import time, timedelta

from sqlalchemy import event, select

from aftercare.chat.models import Channel, Message, Reaction
from aftercare.chat.services import channel_for_group
from aftercare.extensions import db
from aftercare.groups.models import Membership
from aftercare.matching.models import TimeGiver, TimeGiverRequest
from aftercare.meetings import services as meetings
from aftercare.meetings.models import AgendaItem, Meeting
from aftercare.notifications.models import Notification
from aftercare.timeutil import utcnow

from ..matching.factories import MatchingFactories

MEMBER_PAGES = ("/", "/groups/", "/groups/{group}", "/groups/{group}/meetings", "/groups/{group}/meetings/{meeting}",
                "/groups/{group}/members", "/notifications", "/account/my-data", "/account/my-data?section=chat")
COORDINATOR_PAGES = ("/time-givers/coordinate", "/time-givers/coordinate/requests",
                     "/time-givers/coordinate/matches", "/time-givers/coordinate/batch")


@contextmanager
def counted():
    statements = []

    def seen(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def statements_of(client, path):
    client.get(path)  # the first view may touch the login session
    with counted() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def _grow_group(make_user, group, leader, members, weeks, messages):
    for _ in range(members):
        db.session.add(Membership(group_id=group.id, user_id=make_user().id, accepted_rules_version=1))
    group.seats_taken += members
    db.session.commit()
    meetings.schedule(leader, group, first_date=(utcnow() + timedelta(days=1)).date(), start_time=time(18),
                      end_time=time(19), recurrence="weekly", weeks=weeks, place="Room 2")
    people = [m.user_id for m in db.session.scalars(select(Membership).where(Membership.group_id == group.id))]
    for meeting in db.session.scalars(select(Meeting).where(Meeting.group_id == group.id)):
        db.session.add_all(AgendaItem(meeting_id=meeting.id, text=f"Point {k}", proposed_by_id=people[k % len(people)])
                           for k in range(3))
    channel = channel_for_group(group)
    for _ in range(messages):
        channel.last_seq += 1
        message = Message(channel_id=channel.id, seq=channel.last_seq, author_id=people[channel.last_seq % len(people)],
                          client_id=uuid.uuid4().hex, body=f"Message {channel.last_seq}")
        db.session.add(message)
        db.session.flush()
        db.session.add(Reaction(message_id=message.id, user_id=people[0], kind="heart"))
    db.session.add_all(Notification(user_id=user_id, kind="group_no_leader", params={"group": group.name},
                                    link="/groups/") for user_id in people for _ in range(3))
    db.session.commit()


def test_member_pages_run_as_many_statements_for_a_big_group_as_for_a_small_one(app, login, make_user, make_group):
    leader, member = make_user(display_name="Lead"), make_user(display_name="Mona")
    group = make_group(leaders=[leader], members=[member], capacity=50)
    _grow_group(make_user, group, leader, members=2, weeks=2, messages=5)
    client = app.test_client()
    login(client, member)
    meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.group_id == group.id).order_by(Meeting.starts_at))
    paths = [page.format(group=group.id, meeting=meeting_id) for page in MEMBER_PAGES]
    small = {path: statements_of(client, path) for path in paths}

    _grow_group(make_user, group, leader, members=36, weeks=10, messages=150)
    big = {path: statements_of(client, path) for path in paths}
    assert big == small
    assert db.session.query(Message).filter(Message.channel_id == db.session.scalar(
        select(Channel.id).where(Channel.group_id == group.id))).count() == 155


def test_coordinator_pages_run_as_many_statements_for_many_time_givers_as_for_a_few(app, login, factories):
    mf = MatchingFactories(factories)
    mf.time_giver()
    mf.match()
    mf.request()
    client = app.test_client()
    login(client, mf.coordinator)
    small = {path: statements_of(client, path) for path in COORDINATOR_PAGES}
    for _ in range(8):
        mf.time_giver()
        mf.request()
    mf.match()
    mf.application()
    big = {path: statements_of(client, path) for path in COORDINATOR_PAGES}
    assert big == small
    assert db.session.query(TimeGiver).count() == 12 and db.session.query(TimeGiverRequest).count() == 11
