"""The demo group has a weekly meeting on Tuesdays at 18:00 in its own time zone."""
from datetime import time

from sqlalchemy import select

from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import Meeting


def test_demo_group_meets_on_tuesdays(runner):
    assert runner.invoke(args=["demo-data", "--if-empty"]).exit_code == 0
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    assert len(meetings) == services.HORIZON_WEEKS
    local = [services.local_time(m.starts_at, m.group) for m in meetings]
    assert {moment.weekday() for moment in local} == {1} and {moment.time() for moment in local} == {time(18, 0)}
    assert meetings[0].agenda_items
