"""A group with a leader and two members, and a helper to schedule a meeting."""
from datetime import time, timedelta

import pytest

from aftercare.meetings import services
from aftercare.timeutil import utcnow
from aftercare.timeutil import local_today


@pytest.fixture
def people(make_user):
    return {"leader": make_user(display_name="Lead"), "member": make_user(display_name="Mona"),
            "other": make_user(display_name="Olga"), "outsider": make_user(display_name="Out")}


@pytest.fixture
def group(make_group, people):
    return make_group(leaders=[people["leader"]], members=[people["member"], people["other"]])


@pytest.fixture
def schedule(people, group):
    def _schedule(days=7, start=time(18, 0), end=time(19, 30), **kwargs):
        kwargs.setdefault("place", "Room 2, Storgata 1")
        series = services.schedule(people["leader"], group, first_date=(utcnow() + timedelta(days=days)).date(),
                                   start_time=start, end_time=end, **kwargs)
        return series.meetings[0]

    return _schedule


def a_date(days):
    return local_today() + timedelta(days=days)
