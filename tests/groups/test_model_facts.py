"""Facts a group states about itself, used by the policy, the services and the pages alike. No database."""
from datetime import datetime, timedelta, timezone

from aftercare.groups.models import Group, Membership

CLOSED = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)


def _group(phase="working", leaders=1, members=2, closed_at=None):
    memberships = [Membership(user_id=n, role="leader" if n < leaders else "member", status="active")
                   for n in range(leaders + members)]
    return Group(phase=phase, closed_at=closed_at, readable_days_after_close=90, memberships=memberships)


def test_a_closed_group_is_readable_until_its_reading_time_ends():
    group = _group(phase="closed", closed_at=CLOSED)
    assert group.readable_until == CLOSED + timedelta(days=90)
    assert group.is_readable_after_close(CLOSED + timedelta(days=89))
    assert not group.is_readable_after_close(CLOSED + timedelta(days=90))


def test_an_open_group_has_no_reading_time():
    group = _group()
    assert group.readable_until is None and not group.is_readable_after_close(CLOSED)


def test_an_open_group_with_one_leader_lacks_a_co_leader():
    assert _group(leaders=1).lacks_co_leader
    assert _group(leaders=0).lacks_co_leader
    assert not _group(leaders=2).lacks_co_leader
    assert not _group(phase="closed", leaders=1, closed_at=CLOSED).lacks_co_leader
