"""Attendance is recorded only if the group chose to; the member sees her own record; it is deleted
90 days after the meeting and when the group is purged."""
import json
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from aftercare import policy
from aftercare.exceptions import PermissionDenied
from aftercare.extensions import db
from aftercare.groups.models import Group
from aftercare.groups.services import purge_closed_groups
from aftercare.meetings import services
from aftercare.meetings.models import Attendance
from aftercare.timeutil import utcnow

from ..test_policy import person
from .test_views import signed_in


# --- policy: who may choose, record and see attendance -------------------------------------------

def _world(records):
    memberships = {
        10: SimpleNamespace(user_id=10, status="active", role="leader", accepted_rules_version=1, is_leader=True),
        11: SimpleNamespace(user_id=11, status="active", role="member", accepted_rules_version=1, is_leader=False),
        12: SimpleNamespace(user_id=12, status="active", role="member", accepted_rules_version=1, is_leader=False),
        13: SimpleNamespace(user_id=13, status="left", role="member", accepted_rules_version=1, is_leader=False),
    }
    group = SimpleNamespace(membership_of=memberships.get, is_closed=False, closed_at=None, rules_version=1,
                            created_by_id=20, records_attendance=records)
    people = {"leader": person("participant", user_id=10), "member": person("participant", user_id=11),
              "other_member": person("participant", user_id=12), "former": person("participant", user_id=13),
              "outsider": person("participant", user_id=14), "coordinator": person("coordinator", user_id=20),
              "admin": person("admin", user_id=21), "anonymous": AnonymousUserMixin()}
    return people, group


ATTENDANCE_ACTIONS = {
    "choose": lambda u, g: policy.can_choose_attendance_recording(u, g),
    "record": lambda u, g: policy.can_record_attendance(u, g),
    "see_member_11": lambda u, g: policy.can_see_attendance_record(u, SimpleNamespace(user_id=11), g),
}
# Who may, when the group records attendance; when it does not, only "choose" stays (for leaders).
ALLOWED_WHEN_ON = {"choose": {"leader"}, "record": {"leader"}, "see_member_11": {"leader", "member"}}


@pytest.mark.parametrize("records", [True, False])
@pytest.mark.parametrize("action", sorted(ATTENDANCE_ACTIONS))
@pytest.mark.parametrize("actor", ["leader", "member", "other_member", "former", "outsider", "coordinator",
                                   "admin", "anonymous"])
def test_attendance_policy_matrix(actor, action, records):
    people, group = _world(records)
    want = actor in ALLOWED_WHEN_ON[action] and (records or action == "choose")
    assert ATTENDANCE_ACTIONS[action](people[actor], group) is want


# --- services -------------------------------------------------------------------------------------

def test_a_new_group_does_not_record_attendance(app, people, group, schedule):
    meeting = schedule()
    assert group.records_attendance is False
    with pytest.raises(PermissionDenied):
        services.record_attendance(people["leader"], meeting, {people["member"].id: "absent"})
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_only_leaders_switch_recording_and_switching_off_deletes_the_records(app, people, group, schedule):
    meeting = schedule()
    with pytest.raises(PermissionDenied):
        services.set_attendance_recording(people["member"], group, True)
    assert not db.session.get(Group, group.id).records_attendance
    services.set_attendance_recording(people["leader"], group, True)
    services.give_notice(people["other"], meeting, "Sick child")
    services.record_attendance(people["leader"], meeting, {people["member"].id: "late",
                                                          people["other"].id: "notice"})
    assert {r.user_id: r.recorded for r in services.attendance_rows(meeting)} == {
        people["member"].id: "late", people["other"].id: "notice"}
    services.set_attendance_recording(people["leader"], group, False)
    db.session.expire_all()
    rows = {r.user_id: r for r in services.attendance_rows(meeting)}
    assert [r.recorded for r in rows.values()] == [None, None]
    assert rows[people["other"].id].notice_reason == "Sick child"  # her own notice is hers, not a record
    with pytest.raises(PermissionDenied):
        services.record_attendance(people["leader"], meeting, {people["member"].id: "absent"})


def _recorded_meeting(people, group, schedule, days_ago):
    meeting = schedule()
    meeting.starts_at = utcnow() - timedelta(days=days_ago, hours=2)
    meeting.ends_at = utcnow() - timedelta(days=days_ago, hours=1)
    group.records_attendance = True
    db.session.commit()
    services.record_attendance(people["leader"], meeting, {people["member"].id: "absent"})
    return meeting


def test_purge_deletes_attendance_90_days_after_the_meeting(app, runner, login, people, group, schedule):
    old = _recorded_meeting(people, group, schedule, days_ago=91)
    recent = _recorded_meeting(people, group, schedule, days_ago=89)
    # Reading the meeting page never deletes anything: only the purge does.
    member = signed_in(app, login, people["member"])
    assert member.get(f"/groups/{group.id}/meetings/{old.id}").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2
    output = runner.invoke(args=["purge-expired"]).output
    assert "Deleted 1 attendance record(s)" in output
    assert [r.meeting_id for r in db.session.scalars(select(Attendance))] == [recent.id]
    assert "Deleted 0 attendance record(s)" in runner.invoke(args=["purge-expired"]).output


def test_purging_a_closed_group_deletes_its_attendance(app, people, group, schedule):
    _recorded_meeting(people, group, schedule, days_ago=1)
    group.closed_at = utcnow() - timedelta(days=group.readable_days_after_close + 1)
    group.phase = "closed"
    db.session.commit()
    assert purge_closed_groups() == 1
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0


# --- pages ----------------------------------------------------------------------------------------

def test_leaders_turn_recording_on_in_settings_and_members_cannot(app, login, people, group):
    leader = signed_in(app, login, people["leader"])
    page = leader.get(f"/groups/{group.id}/settings").get_data(as_text=True)
    assert "This group does not record attendance." in page
    member = signed_in(app, login, people["member"])
    assert member.post(f"/groups/{group.id}/attendance-recording", data={"records": "on"}).status_code == 403
    outsider = signed_in(app, login, people["outsider"])
    assert outsider.post(f"/groups/{group.id}/attendance-recording", data={"records": "on"}).status_code == 404
    page = leader.post(f"/groups/{group.id}/attendance-recording", data={"records": "maybe"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Choose whether the group records attendance." in page
    assert not db.session.get(Group, group.id).records_attendance
    page = leader.post(f"/groups/{group.id}/attendance-recording", data={"records": "on"},
                       follow_redirects=True).get_data(as_text=True)
    assert "This group records attendance at its meetings." in page
    db.session.expire_all()
    assert db.session.get(Group, group.id).records_attendance


def test_attendance_pages_exist_only_when_the_group_records(app, login, people, group, schedule):
    meeting = schedule()
    base = f"/groups/{group.id}/meetings/{meeting.id}"
    leader = signed_in(app, login, people["leader"])
    assert 'data-testid="attendance-link"' not in leader.get(base).get_data(as_text=True)
    assert leader.get(base + "/attendance").status_code == 403
    assert leader.post(base + "/attendance", data={f"status-{people['member'].id}": "absent"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
    services.set_attendance_recording(people["leader"], group, True)
    assert 'data-testid="attendance-link"' in leader.get(base).get_data(as_text=True)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_member_sees_her_own_record_and_nobody_elses(app, login, people, group, schedule, language):
    meeting = _recorded_meeting(people, group, schedule, days_ago=1)
    services.record_attendance(people["leader"], meeting, {people["other"].id: "late"})
    base = f"/groups/{group.id}/meetings/{meeting.id}"
    member = signed_in(app, login, people["member"], language)
    page = member.get(base).get_data(as_text=True)
    if language == "en":
        assert "The leaders recorded you as: Absent without notice." in page
        assert "Late" not in page
    else:
        assert "Lederne registrerte deg som: Borte uten å gi beskjed." in page
        assert "Kom for sent" not in page
    other = signed_in(app, login, people["other"], language)
    page = other.get(base).get_data(as_text=True)
    assert ("Late" if language == "en" else "Kom for sent") in page
    assert ("Absent without notice" if language == "en" else "Borte uten å gi beskjed") not in page
    services.set_attendance_recording(people["leader"], group, False)
    assert 'data-testid="my-attendance"' not in member.get(base).get_data(as_text=True)


def test_the_record_is_in_the_members_export_with_its_meeting(app, login, people, group, schedule):
    meeting = _recorded_meeting(people, group, schedule, days_ago=1)
    member = signed_in(app, login, people["member"])
    data = json.loads(member.get("/account/my-data.json").get_data(as_text=True))
    [item] = data["sections"]["meetings"]["attendance_and_notices_of_absence"]
    assert item["recorded"] == "absent"
    assert item["group_name"] == group.name
    assert item["when"] == meeting.starts_at.isoformat()
    page = member.get("/account/my-data?section=meetings").get_data(as_text=True)
    assert group.name in page and "absent" in page.lower()
    leader = signed_in(app, login, people["leader"])
    leader_data = json.loads(leader.get("/account/my-data.json").get_data(as_text=True))
    assert leader_data["sections"]["meetings"]["attendance_and_notices_of_absence"] == []


def test_the_migration_turns_recording_off_and_clears_what_was_recorded(tmp_path):
    """Existing groups never chose to record attendance: their records go, members' own notices stay."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from aftercare import create_app

    from ..conftest import suite_config
    from ..factories import Factories
    from ..test_migrations import _databases

    for kind, url, cleanup in _databases(tmp_path):
        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=url))
        try:
            with app.app_context():
                upgrade()
                make = Factories()
                leader, member = make.user(), make.user()
                group = make.group(leaders=[leader], members=[member], records_attendance=True)
                meeting = services.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                                            start_time=time(18, 0),
                                            end_time=time(19, 0), place="Room").meetings[0]
                services.give_notice(member, meeting, "Ill")
                services.record_attendance(leader, meeting, {member.id: "late"})
                db.session.remove()
                downgrade(revision="9c3d1f0b7a52")

                upgrade()
                with db.engine.connect() as connection:
                    assert connection.execute(text("select records_attendance from groups")).scalar() in (0, False)
                    rows = connection.execute(text("select recorded, notice_reason from meeting_attendance")).all()
                    assert [tuple(r) for r in rows] == [(None, "Ill")], kind
                db.engine.dispose()
        finally:
            if cleanup:
                cleanup()
