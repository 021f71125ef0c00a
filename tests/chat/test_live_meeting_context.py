"""The live panel knows the meeting being held: its agenda, and after closing, the feedback link for
members and the log link for the recorder."""
from datetime import time, timedelta

from aftercare.chat.models import LiveMeeting
from aftercare.chat.services import channel_for_group
from aftercare.extensions import db
from aftercare.meetings import services as meetings
from aftercare.meetings.models import Meeting
from aftercare.timeutil import utcnow


def test_live_meeting_shows_agenda_and_after_links(app, login, chat_as, make_user, make_group):
    leader, member, recorder = (make_user(display_name=name) for name in ("Lead", "Mona", "Rita"))
    group = make_group(leaders=[leader], members=[member, recorder])
    channel = channel_for_group(group)
    series = meetings.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                               start_time=time(18, 0), end_time=time(19, 30), online=True)
    meeting = series.meetings[0]
    meetings.propose_item(member, meeting, "Talking with our children about treatment")
    meetings.assign_recorder(leader, meeting, recorder.id)
    start = utcnow() - timedelta(minutes=5)
    db.session.execute(db.update(Meeting).where(Meeting.id == meeting.id).values(
        starts_at=start, ends_at=start + timedelta(minutes=90)))
    db.session.commit()

    kari, _ = chat_as(leader)
    assert kari.emit("join", {"channel_id": channel.id}, callback=True)["ok"]
    assert kari.emit("open_live", {"channel_id": channel.id}, callback=True)["ok"]
    assert db.session.scalar(db.select(LiveMeeting.meeting_id)) == meeting.id

    http = app.test_client()
    login(http, recorder)
    page = http.get(f"/chat/{channel.id}").get_data(as_text=True)
    assert "Talking with our children about treatment" in page
    assert f"/meetings/{meeting.id}/feedback" in page and f"/meetings/{meeting.id}/log" in page
    other = app.test_client()
    login(other, member)
    page = other.get(f"/chat/{channel.id}").get_data(as_text=True)
    assert f"/meetings/{meeting.id}/feedback" in page and f"/meetings/{meeting.id}/log\"" not in page


def test_no_meeting_no_agenda(app, login, make_user, make_group):
    leader = make_user(display_name="Lead")
    group = make_group(leaders=[leader])
    channel = channel_for_group(group)
    http = app.test_client()
    login(http, leader)
    page = http.get(f"/chat/{channel.id}").get_data(as_text=True)
    assert "live-agenda" not in page and "/feedback" not in page
