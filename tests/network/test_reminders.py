"""A plan step reaching its date: a notice to her alone, once per date, never with her words, and out of "new"
once she has seen to the step."""
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select

from aftercare.accounts.models import UserRole
from aftercare.extensions import db
from aftercare.network import services
from aftercare.network.services.reminders import send_step_reminders
from aftercare.notifications.kinds import get as kind_named
from aftercare.notifications.models import Notification
from aftercare.notifications.services import text_of

TODAY = date(2027, 3, 10)


@pytest.fixture
def her(factories):
    return factories.user()


def _step(user, due_on, what="Ring the housing office", status=None):
    data = {"what": what, "helper": "self", "due_on": due_on}
    if status:
        data["status"] = status
    return services.add_step(user, "housing", data)


def _notices(user=None):
    query = select(Notification).where(Notification.kind == "plan_step_due").order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return db.session.scalars(query).all()


def test_a_step_due_today_tells_her_once_and_nobody_else(her, factories):
    other = factories.user()
    step = _step(her, TODAY)
    _step(other, TODAY + timedelta(days=1))
    assert send_step_reminders(TODAY) == 1
    (notice,) = _notices()
    assert notice.user_id == her.id and notice.read_at is None
    assert notice.link == f"/network/plan#step-{step.id}"
    assert kind_named("plan_step_due").category == "network"
    assert "housing office" not in text_of(notice) and "housing office" not in str(notice.params)
    assert send_step_reminders(TODAY) == 0 and len(_notices()) == 1


@pytest.mark.parametrize("due_on, status", [(TODAY + timedelta(days=1), None), (TODAY - timedelta(days=1), None),
                                            (TODAY, "done"), (TODAY, "dropped"), (None, None)])
def test_no_notice_for_a_step_not_due_today_or_settled(her, due_on, status):
    _step(her, due_on, status=status)
    send_step_reminders(TODAY)
    assert _notices() == []


@pytest.mark.parametrize("status", ["under_way", "need_help"])
def test_a_step_under_way_or_needing_help_is_still_told(her, status):
    _step(her, TODAY, status=status)
    send_step_reminders(TODAY)
    assert len(_notices(her)) == 1


def test_a_new_date_is_told_again(her):
    step = _step(her, TODAY)
    send_step_reminders(TODAY)
    later = TODAY + timedelta(days=7)
    services.update_step(her, step, {"what": step.what, "helper": "self", "due_on": later})
    assert send_step_reminders(TODAY) == 0
    assert send_step_reminders(later) == 1
    assert len(_notices(her)) == 2


@pytest.mark.parametrize("how", ["mark", "update", "remove"])
def test_seeing_to_the_step_takes_the_notice_out_of_new(her, how):
    step = _step(her, TODAY)
    send_step_reminders(TODAY)
    if how == "mark":
        services.mark_step(her, step, "under_way")
    elif how == "update":
        services.update_step(her, step, {"what": "Ring them on Monday", "helper": "self", "due_on": TODAY})
    else:
        services.remove_step(her, step)
    (notice,) = _notices(her)
    assert notice.read_at is not None


def test_someone_who_no_longer_keeps_the_tools_is_not_told(her):
    _step(her, TODAY)
    db.session.execute(delete(UserRole).where(UserRole.user_id == her.id))
    db.session.commit()
    assert send_step_reminders(TODAY) == 1  # looked at, and settled for this date
    assert _notices() == []
    assert send_step_reminders(TODAY) == 0


def test_the_reminder_command_runs_the_step_sweep(app, her, runner):
    from aftercare.timeutil import local_today

    _step(her, local_today())
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Told 1 step(s) of aftercare plans reaching their date" in result.output
    assert len(_notices(her)) == 1
