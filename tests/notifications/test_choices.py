"""What reaches a person as a push: per category, quiet hours in their own time zone (pushes wait), a
week's pause (nothing is pushed), sensible defaults; the in-app notification is kept whatever they chose."""
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from aftercare.exceptions import ValidationFailed
from aftercare.extensions import db
from aftercare.notifications import choices, outbox, services
from aftercare.notifications.models import Delivery, DeliveryState, Notification
from aftercare.notifications.quiet import in_quiet_hours, quiet_ends

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args):
    return datetime(*args, tzinfo=OSLO).astimezone(timezone.utc)


@pytest.mark.parametrize("hour, quiet", [(21, False), (22, True), (23, True), (0, True), (7, True), (8, False),
                                         (12, False)])
def test_quiet_hours_span_midnight(hour, quiet):
    assert in_quiet_hours(hour, 22, 8) is quiet


def test_the_same_hour_twice_means_no_quiet_hours():
    assert not any(in_quiet_hours(hour, 9, 9) for hour in range(24))


def test_quiet_hours_end_at_the_local_morning_also_across_summer_time():
    assert quiet_ends(oslo(2026, 12, 7, 23, 30), 22, 8, "Europe/Oslo") == oslo(2026, 12, 8, 8, 0)
    assert quiet_ends(oslo(2026, 12, 8, 3, 0), 22, 8, "Europe/Oslo") == oslo(2026, 12, 8, 8, 0)
    assert quiet_ends(oslo(2026, 12, 8, 9, 0), 22, 8, "Europe/Oslo") == oslo(2026, 12, 8, 9, 0)
    # The night the clocks go forward (29 March 2026) the morning is still 08:00 on the wall.
    assert quiet_ends(oslo(2026, 3, 28, 23, 0), 22, 8, "Europe/Oslo").astimezone(OSLO).hour == 8
    # In another zone, another night: 23:00 in Oslo is 17:00 in New York.
    assert quiet_ends(oslo(2026, 12, 7, 23, 0), 22, 8, "America/New_York") == oslo(2026, 12, 7, 23, 0)


def test_defaults_push_every_category_and_keep_the_lock_screen_plain(make_user):
    mine = choices.choices_of(make_user())
    assert all(choices.wants_push(mine, category) for category in choices.CHOSEN_CATEGORIES + ("account",))
    assert (mine.quiet_from, mine.quiet_until, mine.time_zone, mine.show_detail) == (22, 8, "Europe/Oslo", False)


def _next_night():
    """The next 23:15 in Oslo after now (the queued row is due now, so the test's clock must not be earlier)."""
    local = datetime.now(OSLO)
    night = local.replace(hour=23, minute=15, second=0, microsecond=0)
    if night <= local:
        night += timedelta(days=1)
    return night


def test_a_push_in_quiet_hours_waits_for_the_morning(person, push_service):
    user, browser = person
    choices.save_choices(user, list(choices.CHOSEN_CATEGORIES), 22, 8, "Europe/Oslo", False)
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.commit()
    local_night = _next_night()
    night = local_night.astimezone(timezone.utc)
    next_day = (local_night + timedelta(days=1)).date()
    [delivery_id] = outbox.claim("sender", now=night)
    assert outbox.deliver(delivery_id, "sender", now=night) == DeliveryState.PENDING
    assert push_service.received == []
    delivery = db.session.get(Delivery, delivery_id)
    assert delivery.due_at == oslo(next_day.year, next_day.month, next_day.day, 8, 0)
    assert delivery.claimed_by is None and delivery.attempts == 0
    assert outbox.claim("sender", now=oslo(next_day.year, next_day.month, next_day.day, 7, 59)) == []

    morning = oslo(next_day.year, next_day.month, next_day.day, 8, 1)
    [again] = outbox.claim("sender", now=morning)
    assert outbox.deliver(again, "sender", now=morning) == DeliveryState.SENT
    assert browser.decrypt(push_service.received[0].body)["body"] == "You have something new"


def test_a_category_turned_off_is_not_pushed_but_kept_in_the_app(person, push_service):
    user, _browser = person
    choices.save_choices(user, ["meetings", "time_giver", "network"], 0, 0, "Europe/Oslo", False)
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    services.notify([user.id], "meeting_cancelled", group="Tirsdagsgruppa", when="2026-12-10T17:00:00+00:00")
    db.session.commit()
    outbox.run_once("sender")
    assert len(push_service.received) == 1  # the meeting only
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2
    assert services.unread_count(user) == 2


def test_turning_a_category_off_holds_back_what_is_already_queued(person, push_service):
    user, _browser = person
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")
    db.session.commit()
    choices.save_choices(user, [], 0, 0, "Europe/Oslo", False)
    outbox.run_once("sender")
    assert push_service.received == []
    assert db.session.scalar(select(Delivery.state)) == DeliveryState.SKIPPED


def test_a_pause_holds_every_push_for_a_week_and_ends_when_asked(person, push_service):
    user, _browser = person
    services.notify([user.id], "group_no_leader", group="Torsdagsgruppa")  # queued before the pause
    db.session.commit()
    choices.pause(user)
    services.notify([user.id], "group_no_leader", group="Fredagsgruppa")
    db.session.commit()
    outbox.run_once("sender")
    assert push_service.received == []
    assert services.unread_count(user) == 2
    assert (choices.current_pause(choices.choices_of(user)) - choices.choices_of(user).paused_until).days == 0

    choices.resume(user)
    services.notify([user.id], "group_no_leader", group="Lørdagsgruppa")
    db.session.commit()
    outbox.run_once("sender")
    assert len(push_service.received) == 1


def test_choices_page_saves_and_refuses_what_does_not_exist(app, client, login, make_user):
    user = make_user()
    login(client, user)
    page = client.get("/notifications/choices").get_data(as_text=True)
    assert "Quiet hours" in page
    assert re.search(r'<option selected value="22">22:00</option>', page)  # the default, shown
    response = client.post("/notifications/choices", data={"categories": ["meetings"], "quiet_from": "23",
                                                           "quiet_until": "7", "time_zone": "Europe/Oslo"},
                           follow_redirects=True)
    assert "Your choices are saved." in response.get_data(as_text=True)
    mine = choices.choices_of(user)
    assert (mine.push_group, mine.push_meetings, mine.quiet_from, mine.quiet_until) == (False, True, 23, 7)
    response = client.post("/notifications/choices", data={"categories": ["meetings"], "quiet_from": "25",
                                                           "quiet_until": "7", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert choices.choices_of(user).quiet_from == 23
    with pytest.raises(ValidationFailed):
        choices.save_choices(user, ["meetings"], 24, 7, "Europe/Oslo", False)


def test_choices_page_in_bokmal(app, client, login, make_user):
    login(client, make_user(locale="nb"))
    page = client.get("/notifications/choices").get_data(as_text=True)
    assert "Stille timer" in page and "Sett alt på pause i en uke" in page
    assert "Vis hva det gjelder på låseskjermen" in page
