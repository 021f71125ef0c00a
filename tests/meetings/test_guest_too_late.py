"""A guest proposal made when the group can no longer decide in time is refused up front, saying why."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftercare.exceptions import ValidationFailed
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import GuestInvitation
from aftercare.timeutil import utcnow


def starting_in(meeting, minutes):
    meeting.starts_at = utcnow() + timedelta(minutes=minutes)
    meeting.ends_at = meeting.starts_at + timedelta(minutes=90)
    db.session.commit()
    return meeting


def test_a_proposal_within_15_minutes_of_the_start_is_refused(app, people, group, schedule, make_user):
    professional = make_user(["professional"])
    meeting = schedule()
    with pytest.raises(ValidationFailed, match="15 minutes before the start"):
        services.propose_guest(people["member"], meeting, professional.username,
                               now=meeting.starts_at - timedelta(minutes=15))
    assert db.session.scalar(select(func.count()).select_from(GuestInvitation)) == 0
    invitation = services.propose_guest(people["member"], meeting, professional.username,
                                        now=meeting.starts_at - timedelta(minutes=16))
    assert invitation.status == "open"


@pytest.mark.parametrize("language, words", [("en", "too late to propose a guest"), ("nb", "for sent å foreslå")])
def test_the_guest_page_says_why_and_takes_no_late_proposal(app, login, people, group, schedule, make_user,
                                                            language, words):
    professional = make_user(["professional"])
    meeting = starting_in(schedule(), 10)
    client = app.test_client()
    login(client, people["member"])
    client.post("/language", data={"locale": language})
    path = f"/groups/{group.id}/meetings/{meeting.id}/guests"
    page = client.get(path).get_data(as_text=True)
    assert 'data-testid="guest-too-late"' in page and words in page and 'name="username"' not in page
    response = client.post(path, data={"username": professional.username, "reason": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and words in page
    assert "open for the group" not in page and "åpent for gruppens" not in page
    assert db.session.scalar(select(func.count()).select_from(GuestInvitation)) == 0
