"""Deleting an account keeps session logs free of the person's name and tells the coordinator when a
group is left without a leader."""
from datetime import time, timedelta

from aftercare.accounts.services import delete_account
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import MeetingLogVersion
from aftercare.notifications.models import Notification
from aftercare.timeutil import utcnow
from tests.factories import DEFAULT_PASSWORD


def test_logs_lose_the_name_and_the_coordinator_hears_of_a_leaderless_group(make_user, make_group):
    coordinator = make_user(["coordinator", "participant"])
    leader, member = make_user(display_name="Lead"), make_user(display_name="Siri")
    member.real_name = "Siri Hansen"
    group = make_group(leaders=[leader], members=[member], created_by_id=coordinator.id)
    series = services.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                               start_time=time(18, 0), end_time=time(19, 0), place="Room 2")
    meeting = series.meetings[0]
    services.assign_recorder(leader, meeting, leader.id)
    services.save_log(leader, meeting, {"topics": "Siri talked about sleep. Siri Hansen asked for a break.",
                                        "present": "Lead, Siri"})
    delete_account(member, member, DEFAULT_PASSWORD)
    texts = [(v.topics, v.present) for v in db.session.scalars(db.select(MeetingLogVersion))]
    assert texts == [("a former member talked about sleep. a former member asked for a break.",
                      "Lead, a former member")]

    delete_account(leader, leader, DEFAULT_PASSWORD)
    kinds = db.session.scalars(db.select(Notification.kind).where(Notification.user_id == coordinator.id)).all()
    assert "group_no_leader" in kinds
