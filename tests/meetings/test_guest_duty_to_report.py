"""Before the group votes on a guest professional, members see who that is: profession, kind of employer
and that such a person may have a duty to report to child welfare; and every member is told there is a
guest vote."""
import re

import pytest
from sqlalchemy import select

from aftercare.extensions import db
from aftercare.exceptions import ValidationFailed
from aftercare.meetings import services
from aftercare.notifications.models import Notification
from aftercare.notifications.services import text_of


@pytest.fixture
def social_worker(make_user):
    return make_user(["professional"], display_name="Dr. Berg", profession="Social worker",
                     employer_kind="municipality")


@pytest.mark.parametrize("language, expected", [
    ("en", ["Profession: Social worker", "Employer: Municipality or NAV",
            "may have a duty to report to child welfare"]),
    ("nb", ["Yrke: Social worker", "Arbeidsgiver: Kommune eller Nav", "opplysningsplikt til barnevernet"]),
])
def test_members_see_profession_employer_and_duty_to_report_before_voting(app, login, people, group, schedule,
                                                                         social_worker, language, expected):
    meeting = schedule(days=3)
    services.propose_guest(people["member"], meeting, social_worker.username, "About school")
    people["other"].locale = language
    db.session.commit()
    client = app.test_client()
    login(client, people["other"])
    page = client.get(f"/groups/{group.id}/meetings/{meeting.id}/guests").get_data(as_text=True)
    for text in expected:
        assert text in page, text


def test_a_professional_verified_before_profession_was_asked_shows_it_is_not_given(app, login, people, group,
                                                                                   schedule, make_user):
    meeting = schedule(days=3)
    professional = make_user(["professional"], display_name="Dr. Dahl")
    services.propose_guest(people["member"], meeting, professional.username)
    client = app.test_client()
    login(client, people["other"])
    page = client.get(f"/groups/{group.id}/meetings/{meeting.id}/guests").get_data(as_text=True)
    assert "Profession: not given" in page and "Kind of employer not given" in page
    assert "may have a duty to report" in page


def test_every_other_member_is_notified_of_a_guest_vote(app, people, group, schedule, social_worker):
    meeting = schedule(days=3)
    services.propose_guest(people["member"], meeting, social_worker.username)
    rows = db.session.scalars(select(Notification).where(Notification.kind == "guest_proposed")).all()
    assert sorted(n.user_id for n in rows) == sorted([people["leader"].id, people["other"].id])
    assert all(n.link == f"/groups/{group.id}/meetings/{meeting.id}/guests" for n in rows)
    assert "Dr. Berg" not in str(rows[0].params)
    with app.test_request_context():
        assert text_of(rows[0]).startswith(f"A guest professional is proposed for the meeting in {group.name}")


def test_a_refused_proposal_notifies_nobody(app, people, group, schedule, social_worker):
    meeting = schedule(days=3)
    services.propose_guest(people["member"], meeting, social_worker.username)
    with pytest.raises(ValidationFailed):
        services.propose_guest(people["other"], meeting, social_worker.username)
    assert db.session.scalar(select(db.func.count()).select_from(Notification)
                             .where(Notification.kind == "guest_proposed")) == 2


def test_members_see_the_notification_on_their_page(app, login, people, group, schedule, social_worker):
    meeting = schedule(days=3)
    services.propose_guest(people["member"], meeting, social_worker.username)
    client = app.test_client()
    login(client, people["other"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "A guest professional is proposed" in page
    opened = re.search(r'action="(/notifications/\d+/open)"', page).group(1)
    assert client.post(opened).location == f"/groups/{group.id}/meetings/{meeting.id}/guests"


@pytest.mark.parametrize("language, expected", [
    ("en", ["Dr. Berg</strong> (guest · professional) · Social worker · Municipality or NAV",
            "May have a duty to report to child welfare."]),
    ("nb", ["Dr. Berg</strong> (gjest · fagperson) · Social worker · Kommune eller Nav",
            "Kan ha opplysningsplikt til barnevernet."]),
])
def test_the_meeting_page_names_its_adopted_guest_as_a_professional(app, login, people, group, schedule,
                                                                    social_worker, language, expected):
    meeting = schedule(days=3)
    client = app.test_client()
    login(client, people["other"])
    people["other"].locale = language
    db.session.commit()
    assert 'data-testid="meeting-guest"' not in client.get(f"/groups/{group.id}/meetings/{meeting.id}").get_data(
        as_text=True)
    invitation = services.propose_guest(people["member"], meeting, social_worker.username)
    services.vote_guest(people["other"], meeting, invitation.id, "yes")
    page = client.get(f"/groups/{group.id}/meetings/{meeting.id}").get_data(as_text=True)
    for text in expected:
        assert text in page, text
