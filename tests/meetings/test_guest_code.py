"""Members do not know usernames: a verified professional gives the group a short guest code from their home
page, and a member proposes them with it."""
import pytest
from sqlalchemy import func, select

from aftercare.exceptions import ValidationFailed
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import GuestInvitation
from aftercare.meetings.services.guests import guest_code, professional_by_username


def test_each_professional_has_a_short_code_of_their_own(app, make_user):
    first, second = make_user(["professional"]), make_user(["professional"])
    code = guest_code(first)
    assert len(code) == 9 and code[4] == "-" and code == guest_code(first) != guest_code(second)
    assert not set(code.replace("-", "")) & set("01IO")


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{bare}", " {spaced} "])
def test_the_code_finds_the_professional_however_it_is_typed(app, make_user, typed):
    professional = make_user(["professional"])
    code = guest_code(professional)
    text = typed.format(code=code, lower=code.lower(), bare=code.replace("-", ""), spaced=code.replace("-", " "))
    assert professional_by_username(text) == professional


def test_no_code_finds_someone_who_is_not_a_verified_professional(app, make_user):
    member, professional = make_user(), make_user(["professional"])
    assert professional_by_username(guest_code(member)) is None
    professional.professional_verified_at = None
    db.session.commit()
    assert professional_by_username(guest_code(professional)) is None
    assert professional_by_username("ABCD-EFGH") is None


def test_a_member_proposes_a_guest_by_code(app, login, people, group, schedule, make_user):
    professional = make_user(["professional"])
    meeting = schedule()
    invitation = services.propose_guest(people["member"], meeting, guest_code(professional))
    assert invitation.professional_id == professional.id


def test_a_wrong_code_says_where_to_find_the_right_one_and_stores_nothing(app, people, group, schedule):
    with pytest.raises(ValidationFailed, match="guest code on their home page"):
        services.propose_guest(people["member"], schedule(), "WXYZ-WXYZ")
    assert db.session.scalar(select(func.count()).select_from(GuestInvitation)) == 0


def test_the_professional_sees_their_code_on_their_home_page_and_members_see_none(app, login, people, make_user):
    professional = make_user(["professional"])
    client = app.test_client()
    login(client, professional)
    page = client.get("/").get_data(as_text=True)
    assert 'data-testid="guest-code"' in page and guest_code(professional) in page
    member = app.test_client()
    login(member, people["member"])
    assert 'data-testid="guest-code"' not in member.get("/").get_data(as_text=True)
