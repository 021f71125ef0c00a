"""Command-line commands: create-admin and demo data."""
from sqlalchemy import select

from aftercare.accounts.models import Role, User
from aftercare.accounts.services import authenticate
from aftercare.demo import DEMO_PASSWORD
from aftercare.extensions import db


def test_create_admin(runner):
    result = runner.invoke(args=["create-admin", "--username", "Boss", "--display-name", "Boss",
                                 "--password", "a long admin passphrase"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "boss"))
    assert user.roles == {Role.ADMIN}


def test_create_admin_refuses_weak_password(runner):
    result = runner.invoke(args=["create-admin", "--username", "boss", "--display-name", "Boss",
                                 "--password", "password1"])
    assert result.exit_code != 0 and "common" in result.output
    assert db.session.scalar(select(User)) is None


def test_demo_data_gives_one_login_per_kind_and_only_once(runner):
    result = runner.invoke(args=["demo-data", "--if-empty"])
    assert result.exit_code == 0 and DEMO_PASSWORD in result.output
    kinds = set()
    for user in db.session.scalars(select(User)):
        assert authenticate(user.username, DEMO_PASSWORD) is not None
        kinds |= user.roles
    assert kinds == set(Role)
    count = db.session.scalar(select(db.func.count()).select_from(User))
    again = runner.invoke(args=["demo-data", "--if-empty"])
    assert again.exit_code == 0 and "no demo data loaded" in again.output
    assert db.session.scalar(select(db.func.count()).select_from(User)) == count


def test_demo_data_has_a_group_led_by_two_participants(runner):
    from aftercare.groups.models import Group

    runner.invoke(args=["demo-data", "--if-empty"])
    group = db.session.scalar(select(Group))
    assert [m.user.username for m in group.leaders] == ["participant", "participant2"]
    assert len(group.current_rules) == 8


def test_purge_expired_deletes_old_messages_and_is_safe_twice(runner, make_user, make_group):
    from datetime import timedelta

    from aftercare.chat.models import Message
    from aftercare.chat.services import channel_for_group, post_message
    from aftercare.timeutil import utcnow

    member = make_user()
    group = make_group(members=[member], chat_retention_days=7)
    channel = channel_for_group(group)
    post_message(member, channel, client_id="old-message-01", body="old", now=utcnow() - timedelta(days=8))
    post_message(member, channel, client_id="new-message-01", body="new")
    first = runner.invoke(args=["purge-expired"])
    assert "Deleted 1 chat message(s)" in first.output
    assert [m.body for m in db.session.scalars(select(Message))] == ["new"]
    assert "Deleted 0 chat message(s)" in runner.invoke(args=["purge-expired"]).output


def test_send_reminders_sends_what_is_due_once(runner, make_user, make_group):
    from datetime import datetime, time as clock, timedelta

    from aftercare.meetings import services as meetings
    from aftercare.meetings.services.scheduling import zone_of
    from aftercare.notifications.models import Notification
    from aftercare.timeutil import utcnow

    leader, member = make_user(), make_user()
    group = make_group(leaders=[leader], members=[member])
    start = (utcnow() + timedelta(minutes=40)).astimezone(zone_of(group)).replace(second=0, microsecond=0)
    end = start + timedelta(minutes=30)
    if end.date() != start.date():  # it would cross midnight: a meeting just after it, reminded the day before
        start = datetime.combine(end.date(), clock(0, 30), start.tzinfo)
        end = start + timedelta(minutes=30)
    meetings.schedule(leader, group, first_date=start.date(), start_time=start.time(), end_time=end.time(),
                      place="Room 2")
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0 and "Sent reminders about 1 meeting(s)" in first.output
    assert "Sent reminders about 0 meeting(s)" in runner.invoke(args=["send-reminders"]).output
    kinds = [n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == member.id))]
    assert kinds.count("meeting_reminder_hour") + kinds.count("meeting_reminder_day") == 1
