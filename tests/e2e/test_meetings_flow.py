"""In phone-sized Chromium: a member proposes an agenda topic and gives notice of absence, the recorder
writes and publishes a log (warned about a name), another member asks for a passage to be removed and
gives anonymous feedback."""
from datetime import time, timedelta

from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import Meeting, MeetingSeries
from aftercare.timeutil import utcnow
from aftercare.timeutil import local_today
from tests.factories import make_group_in_db

from .conftest import log_in


def test_agenda_notice_log_removal_feedback(live_server, factories_live, new_page):
    with live_server.seed():
        leader = factories_live.user(["participant"], username="leader", display_name="Kari")
        member = factories_live.user(["participant"], username="member", display_name="Mona")
        other = factories_live.user(["participant"], username="other", display_name="Olga")
        group = make_group_in_db(factories_live, leaders=[leader], members=[member, other])
        coming = services.schedule(leader, group, first_date=local_today() + timedelta(days=3),
                                   start_time=time(18, 0), end_time=time(19, 30), place="Room 2").meetings[0]
        now = utcnow()
        series = MeetingSeries(group_id=group.id, first_date=now.date(), start_time=time(16, 0),
                               end_time=time(17, 30), place="Room 2")
        series.meetings = [Meeting(group_id=group.id, starts_at=now - timedelta(hours=2),
                                   ends_at=now - timedelta(minutes=30), place="Room 2")]
        db.session.add(series)
        db.session.commit()
        past = series.meetings[0]
        services.assign_recorder(leader, past, member.id)
        group_id, coming_id, past_id = group.id, coming.id, past.id
    url = live_server.url
    base = f"{url}/groups/{group_id}/meetings"

    mona = new_page()
    log_in(mona, url, "member", to_home=True)
    mona.goto(f"{url}/groups/{group_id}")
    mona.click("[data-testid=meetings-link]")
    mona.click("[data-testid=meeting] >> a")
    mona.wait_for_url(f"{base}/{coming_id}")
    mona.fill("#text", "Talking with our children")
    mona.click("[data-testid=propose-topic]")
    mona.wait_for_selector("[data-testid=agenda-item] >> text=Talking with our children")
    mona.click("[data-testid=give-notice]")
    mona.fill("#reason", "Doctor's appointment")
    mona.click("main button[type=submit]")
    mona.wait_for_selector("text=Your notice of absence is given.")
    assert "Doctor's appointment" in mona.text_content("[data-testid=my-notice]")

    mona.goto(f"{base}/{past_id}/log")
    mona.fill("#topics", "Holidays. Olga told us about a custody case. Summer plans.")
    mona.fill("#decisions", "Next time we talk about sleep.")
    mona.click("[data-testid=save-log]")
    mona.wait_for_selector("[data-testid=name-warning] >> text=Olga")
    # The warning quotes the passage, with the name marked, before anything is published.
    assert mona.text_content("[data-testid=name-passage] blockquote") == "Olga told us about a custody case."
    assert mona.text_content("[data-testid=name-passage] mark") == "Olga"
    mona.click("[data-testid=publish-log]")
    mona.wait_for_selector("text=Tick the box to confirm")
    with live_server.seed():
        assert services.log_of(db.session.get(Meeting, past_id)).published_at is None
    mona.check("#confirm")
    mona.click("[data-testid=publish-log]")
    mona.wait_for_selector("text=The log is published")

    olga = new_page()
    log_in(olga, url, "other", to_home=True)
    olga.goto(f"{base}/{past_id}/log")
    assert "custody case" in olga.text_content("[data-testid=log]")
    olga.click("text=Ask for a passage about you to be removed")
    olga.fill("#passage", "Olga told us about a custody case.")
    olga.click("[data-testid=request-removal]")
    olga.wait_for_selector("text=Your request is sent")
    assert "Waiting for the recorder" in olga.text_content("[data-testid=removal-request]")

    mona.goto(f"{base}/{past_id}/log")
    mona.click("[data-testid=removal-request] >> text=Remove the passage")
    mona.wait_for_selector("[data-testid=removal-request] >> text=Removed from the log.")
    # The recorder's page (like the leaders') no longer quotes it under the request either.
    assert "custody" not in mona.content()
    olga.goto(f"{base}/{past_id}/log")
    assert "custody" not in olga.text_content("[data-testid=log]")
    assert "Removed from the log." in olga.text_content("[data-testid=removal-request]")

    olga.goto(f"{base}/{past_id}")
    olga.click("[data-testid=feedback-link]")
    olga.fill("#week_score", "11")
    olga.click("[data-testid=send-feedback]")
    olga.wait_for_selector("text=Answer with a number from 1 to 10")
    olga.fill("#week_score", "7")
    olga.fill("#meeting_score", "8")
    olga.click("[data-testid=send-feedback]")
    olga.wait_for_selector("text=Thank you for your feedback")
    assert olga.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    mona.goto(f"{base}/{coming_id}")
    assert mona.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
