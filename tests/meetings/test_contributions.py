"""Meetings in a person's data export, and guest invitations on the professional's own page."""
import json
from datetime import time, timedelta

from aftercare.meetings import services
from aftercare.timeutil import utcnow


def test_export_holds_my_topics_notices_and_feedback_fact(app, login, make_user, make_group):
    leader, member = make_user(display_name="Lead"), make_user(display_name="Mona")
    group = make_group(leaders=[leader], members=[member])
    series = services.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                               start_time=time(18, 0), end_time=time(19, 0), place="Room 2")
    meeting = series.meetings[0]
    services.propose_item(member, meeting, "Sleep and worries")
    services.give_notice(member, meeting, "My son is ill")
    http = app.test_client()
    login(http, member)
    data = json.loads(http.get("/account/my-data.json").get_data(as_text=True))
    section = data["sections"]["meetings"]
    assert [t["text"] for t in section["agenda_topics_proposed"]] == ["Sleep and worries"]
    assert section["attendance_and_notices_of_absence"][0]["notice_reason"] == "My son is ill"
    assert any("meeting_new" == n["kind"] for n in data["sections"]["notifications"])
    other = app.test_client()
    login(other, leader)
    leader_data = json.loads(other.get("/account/my-data.json").get_data(as_text=True))
    assert "My son is ill" not in json.dumps(leader_data)


def test_professional_home_lists_guest_invitations(app, login, make_user, make_group):
    leader, member, other = (make_user(display_name=n) for n in ("Lead", "Mona", "Olga"))
    group = make_group(leaders=[leader], members=[member, other], name="Tuesday group")
    professional = make_user(["professional"], display_name="Dr. Berg")
    series = services.schedule(leader, group, first_date=(utcnow() + timedelta(days=3)).date(),
                               start_time=time(18, 0), end_time=time(19, 0), online=True)
    meeting = series.meetings[0]
    invitation = services.propose_guest(member, meeting, professional.username, "Children")
    services.vote_guest(other, meeting, invitation.id, "yes")
    http = app.test_client()
    login(http, professional)
    page = http.get("/professional").get_data(as_text=True)
    assert 'data-testid="guest-section"' in page and "Tuesday group" in page
    assert "Open the agenda" not in page  # not inside the window yet
