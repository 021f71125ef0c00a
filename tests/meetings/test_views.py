"""Meeting pages in both languages; scheduling through the form; notices, agenda and the calendar feed."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import Meeting
from aftercare.timeutil import local_today


def signed_in(app, login, user, language="en"):
    client = app.test_client()
    login(client, user)
    client.post("/language", data={"locale": language})
    return client


def csrf(client, path):
    """CSRF is off in the suite; the page must still render."""
    assert client.get(path).status_code == 200
    return ""


@pytest.mark.parametrize("language", ["en", "nb"])
def test_every_meeting_page_in_both_languages(app, login, people, group, schedule, language):
    meeting = schedule()
    services.propose_item(people["member"], meeting, "Talking with our children")
    services.give_notice(people["other"], meeting, "Sick child")
    services.set_attendance_recording(people["leader"], group, True)
    base = f"/groups/{group.id}/meetings"
    leader = signed_in(app, login, people["leader"], language)
    for path in (base, f"{base}/new", f"{base}/{meeting.id}", f"{base}/{meeting.id}/move",
                 f"{base}/{meeting.id}/attendance", f"{base}/{meeting.id}/notice", "/calendar", "/notifications"):
        response = leader.get(path)
        assert response.status_code == 200, path
        assert 'lang="' + language in response.get_data(as_text=True)
    page = leader.get(f"{base}/{meeting.id}").get_data(as_text=True)
    assert "Talking with our children" in page and "Sick child" in page
    word = "Dagsorden" if language == "nb" else "Agenda"
    assert word in page


def test_schedule_form_and_bad_input(app, login, people, group):
    leader = signed_in(app, login, people["leader"])
    path = f"/groups/{group.id}/meetings/new"
    day = (local_today() + timedelta(days=10)).isoformat()
    response = leader.post(path, data={"csrf_token": csrf(leader, path), "first_date": day, "start_time": "19:00",
                                       "end_time": "18:00", "recurrence": "weekly", "weeks": "12",
                                       "place": "Room 2"})
    assert "The meeting must end after it starts." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    response = leader.post(path, data={"csrf_token": csrf(leader, path), "first_date": day, "start_time": "18:00",
                                       "end_time": "19:30", "recurrence": "weekly", "weeks": "12",
                                       "place": "Room 2"}, follow_redirects=True)
    assert "The meeting is scheduled" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 12
    member = signed_in(app, login, people["member"])
    page = member.get("/notifications").get_data(as_text=True)
    assert "New meeting in Tuesday group" in page and "18:00" in page
    member.post("/notifications/read")
    assert '<span class="badge" data-testid="notification-count" hidden>0</span>' in \
        member.get("/notifications").get_data(as_text=True)


def test_notification_count_in_the_navigation(app, login, people, group, schedule):
    schedule()
    member = signed_in(app, login, people["member"])
    assert re.search(r'<span class="badge" data-testid="notification-count">1</span>',
                     member.get("/groups/").get_data(as_text=True))


def test_reason_for_absence_only_for_the_member_and_leaders(app, login, people, group, schedule):
    meeting = schedule()
    services.give_notice(people["member"], meeting, "Doctor's appointment")
    path = f"/groups/{group.id}/meetings/{meeting.id}"
    for who, sees in (("member", True), ("leader", True), ("other", False)):
        page = signed_in(app, login, people[who]).get(path).get_data(as_text=True)
        assert ("appointment" in page) is sees, who
        assert "has given notice" in page


def test_give_notice_and_propose_through_the_pages(app, login, people, group, schedule):
    meeting = schedule()
    member = signed_in(app, login, people["member"])
    path = f"/groups/{group.id}/meetings/{meeting.id}"
    member.post(path + "/notice", data={"csrf_token": csrf(member, path + "/notice"), "reason": "Work"})
    member.post(path + "/agenda", data={"csrf_token": csrf(member, path), "text": "Summer plans"})
    page = member.get(path).get_data(as_text=True)
    assert "You have given notice of absence." in page and "Summer plans" in page


def test_cancelled_meeting_takes_no_topics(app, login, people, group, schedule):
    meeting = schedule()
    services.cancel_meeting(people["leader"], meeting)
    member = signed_in(app, login, people["member"])
    path = f"/groups/{group.id}/meetings/{meeting.id}"
    response = member.post(path + "/agenda", data={"csrf_token": csrf(member, path), "text": "Anything"},
                           follow_redirects=True)
    assert "cancelled" in response.get_data(as_text=True)
    assert meeting.agenda_items == []


def test_single_meeting_ics_and_private_feed(app, login, people, group, schedule):
    meeting = schedule(place="Room 2; Storgata 1, Oslo")
    member = signed_in(app, login, people["member"])
    response = member.get(f"/groups/{group.id}/meetings/{meeting.id}.ics")
    assert response.headers["Content-Type"].startswith("text/calendar")
    body = response.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert f"DTSTART:{meeting.starts_at.strftime('%Y%m%dT%H%M%SZ')}\r\n" in body
    assert "LOCATION:Room 2\\; Storgata 1\\, Oslo\r\n" in body
    assert "UID:meeting-" in body and "DTSTAMP:" in body
    page = member.post("/calendar", data={"csrf_token": csrf(member, "/calendar"), "what": "renew"})
    html = page.get_data(as_text=True)
    url = re.search(r'value="(http[^"]+)"[^>]*id="feed-url"', html).group(1)
    path = url.split("localhost", 1)[1]
    # One tap subscribes a phone (webcal:// is the same address), and the address has a Copy button.
    assert f'href="webcal://localhost{path}"' in html
    assert 'data-copy="feed-url"' in html
    assert "webcal://" not in member.get("/calendar").get_data(as_text=True)  # shown only once
    anonymous = app.test_client()
    feed = anonymous.get(path)
    assert feed.status_code == 200 and f"UID:meeting-{meeting.id}@" in feed.get_data(as_text=True)
    member.post("/calendar", data={"csrf_token": csrf(member, "/calendar"), "what": "renew"})
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/calendar/nonsense.ics").status_code == 404
    # Leaving the group takes its meetings out of the feed.
    token = services.renew_feed(people["member"])
    from aftercare.groups import services as groups

    groups.leave_group(people["member"], group)
    assert "BEGIN:VEVENT" not in anonymous.get(f"/calendar/{token}.ics").get_data(as_text=True)


def test_ics_folds_long_lines(app, people, group, schedule):
    meeting = schedule(place="Å" * 120)
    text = services.ics_for([meeting], "example.org")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:" + "Å" * 120 + "\r\n" in unfolded


@pytest.mark.parametrize("language", ["en", "nb"])
def test_log_feedback_and_guest_pages_in_both_languages(app, login, people, group, schedule, make_user, language):
    from aftercare.meetings.models import Meeting as MeetingModel

    professional = make_user(["professional"], display_name="Dr. Berg")
    meeting = schedule(online=True, place="")
    assert isinstance(meeting, MeetingModel)
    invitation = services.propose_guest(people["member"], meeting, professional.username)
    services.vote_guest(people["other"], meeting, invitation.id, "yes")
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.save_log(people["member"], meeting, {"topics": "Holidays"}, now=meeting.starts_at)
    services.publish_log(people["member"], meeting, now=meeting.starts_at)
    services.request_removal(people["other"], meeting, "Holidays")
    base = f"/groups/{group.id}/meetings"
    leader = signed_in(app, login, people["leader"], language)
    for path in (f"{base}/{meeting.id}/log", f"{base}/{meeting.id}/guests", f"{base}/feedback"):
        response = leader.get(path)
        assert response.status_code == 200 and 'lang="' + language in response.get_data(as_text=True), path
    show = leader.get(f"{base}/{meeting.id}").get_data(as_text=True)
    assert "/chat/" in show  # an online meeting links to the group's chat room
    guest = signed_in(app, login, professional, language)
    response = guest.get("/guest")
    assert response.status_code == 200 and group.name in response.get_data(as_text=True)
    other = signed_in(app, login, people["other"], language)
    assert other.get("/notifications").status_code == 200


def test_attendance_and_feedback_through_the_pages(app, login, people, group, schedule):
    from aftercare.meetings.models import Attendance, FeedbackAnswer
    from aftercare.timeutil import utcnow

    meeting = schedule()
    meeting.starts_at, meeting.ends_at = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    group.records_attendance = True
    db.session.commit()
    base = f"/groups/{group.id}/meetings/{meeting.id}"
    leader = signed_in(app, login, people["leader"])
    leader.post(base + "/attendance", data={f"status-{people['member'].id}": "present",
                                            f"status-{people['other'].id}": "late"})
    recorded = {row.user_id: row.recorded for row in db.session.scalars(select(Attendance))}
    assert recorded == {people["member"].id: "present", people["other"].id: "late"}
    member = signed_in(app, login, people["member"])
    page = member.post(base + "/feedback", data={"week_score": "0", "meeting_score": ""}).get_data(as_text=True)
    assert "Answer with a number from 1 to 10" in page
    member.post(base + "/feedback", data={"week_score": "6", "meeting_score": "9"})
    page = member.post(base + "/feedback", data={"week_score": "6"}).get_data(as_text=True)
    assert "already given feedback" in page
    assert db.session.scalar(select(func.count()).select_from(FeedbackAnswer)) == 1
    overview = leader.get(f"/groups/{group.id}/meetings/feedback").get_data(as_text=True)
    assert "No feedback to show yet." in overview  # still open: nothing is shown while answers can arrive
    notice = member.post(base + "/notice", data={"reason": "x"}).get_data(as_text=True)
    assert "notice of absence can no longer be given" in notice


def test_purging_a_closed_group_removes_its_meetings(app, people, group, schedule):
    from aftercare.groups.models import Group

    schedule(recurrence="weekly", weeks=3)
    db.session.execute(Group.__table__.delete().where(Group.id == group.id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_group_page_shows_the_next_meeting_in_local_time(app, login, people, group, schedule):
    first = schedule(recurrence="weekly", weeks=2)
    services.cancel_meeting(people["leader"], first)
    page = signed_in(app, login, people["member"]).get(f"/groups/{group.id}").get_data(as_text=True)
    second = first.series.meetings[1]
    shown = re.search(r'data-testid="next-meeting"><a href="([^"]+)">([^<]+)</a>', page)
    assert shown.group(1).endswith(f"/meetings/{second.id}") and shown.group(2).endswith("18:00")
    assert f"/groups/{group.id}/meetings" in page


def test_move_and_cancel_through_the_pages(app, login, people, group, schedule):
    from zoneinfo import ZoneInfo

    first = schedule(recurrence="weekly", weeks=2)
    second_day = first.series.meetings[1].starts_at.astimezone(ZoneInfo("Europe/Oslo")).date()
    leader = signed_in(app, login, people["leader"])
    base = f"/groups/{group.id}/meetings/{first.id}"
    page = leader.post(base + "/move", data={"on_date": second_day.isoformat(), "start_time": "18:30",
                                             "end_time": "19:00"}).get_data(as_text=True)
    assert "This overlaps another meeting of the same series." in page
    assert first.moved_at is None
    new_day = second_day - timedelta(days=3)
    leader.post(base + "/move", data={"on_date": new_day.isoformat(), "start_time": "17:00", "end_time": "18:00"})
    db.session.refresh(first)
    assert first.moved_at is not None and services.local_time(first.starts_at, group).hour == 17
    leader.post(base + "/cancel")
    db.session.refresh(first)
    assert first.is_cancelled
    assert "This meeting is cancelled." in leader.get(base).get_data(as_text=True)
    member = signed_in(app, login, people["member"])
    assert member.post(base + "/cancel").status_code == 403


@pytest.mark.parametrize("language, average", [("en", "6.7"), ("nb", "6,7")])
def test_feedback_results_after_closing_in_the_readers_locale(app, login, people, group, schedule, language,
                                                              average):
    from aftercare.timeutil import utcnow

    meeting = schedule()
    moment = meeting.starts_at + timedelta(minutes=30)
    for person, week in (("member", 6), ("other", 7), ("leader", 7)):
        services.give_feedback(people[person], meeting, week, None if person == "member" else 9, now=moment)
    base = f"/groups/{group.id}/meetings"
    meeting.starts_at, meeting.ends_at = utcnow() - timedelta(hours=50), utcnow() - timedelta(hours=49)
    db.session.commit()
    leader = signed_in(app, login, people["leader"], language)
    page = leader.get(f"{base}/feedback").get_data(as_text=True)
    week_line = re.search(r'data-testid="feedback-week">([^<]*)<', page).group(1)
    meeting_line = re.search(r'data-testid="feedback-meeting">([^<]*)<', page).group(1)
    assert average in week_line and "3" in week_line
    assert "9" not in meeting_line  # two answers to that question: too few
    member = signed_in(app, login, people["member"], language)
    closed = member.get(f"{base}/{meeting.id}/feedback")
    assert closed.status_code == 200 and 'data-testid="feedback-closed"' in closed.get_data(as_text=True)
    assert 'data-testid="feedback-link"' not in member.get(f"{base}/{meeting.id}").get_data(as_text=True)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_removed_passage_is_not_quoted_on_the_leaders_page(app, login, people, group, schedule, language):
    meeting = schedule()
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.save_log(people["member"], meeting, {"topics": "Holidays. Olga's custody case. Summer."}, now=meeting.starts_at)
    services.publish_log(people["member"], meeting, now=meeting.starts_at)
    request = services.request_removal(people["other"], meeting, "Olga's custody case.", "It is mine")
    services.decide_removal(people["member"], meeting, request.id, True)
    for person in ("leader", "member", "other"):
        page = signed_in(app, login, people[person], language).get(
            f"/groups/{group.id}/meetings/{meeting.id}/log").get_data(as_text=True)
        assert 'lang="' + language in page and "custody" not in page, person
    assert 'data-testid="removal-request"' in page  # the member still sees that her request was granted
