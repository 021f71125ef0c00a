"""Admin pages: accounts, kinds, verification, disabling, invitations, helplines; and who is kept out."""
import re

import pytest
from sqlalchemy import select

from aftercare.accounts.models import Invitation, Role, User
from aftercare.core.models import Helpline
from aftercare.extensions import db

ADMIN_PAGES = ["/admin/", "/admin/invitations", "/admin/helplines", "/admin/helplines/new"]


@pytest.fixture
def admin_client(app, make_user, login):
    client = app.test_client()
    admin = make_user(["admin"], username="root1")
    login(client, admin)
    client.admin = admin
    return client


@pytest.mark.parametrize("roles", [["participant"], ["time_giver"], ["coordinator"], ["professional"]])
def test_non_admins_cannot_reach_admin_pages(client, make_user, login, roles):
    user = make_user(roles)
    login(client, user)
    for path in ADMIN_PAGES + [f"/admin/accounts/{user.id}"]:
        assert client.get(path).status_code == 403, path
    assert client.post("/admin/invitations", data={"roles": ["admin"], "days": 7}).status_code == 403
    assert db.session.scalar(select(db.func.count()).select_from(Invitation)) == 0


def test_anonymous_is_sent_to_login(client):
    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_creates_invitation_link_that_registers(admin_client, app):
    response = admin_client.post("/admin/invitations", data={"roles": ["participant"], "days": 3,
                                                               "label": "Tuesday group"})
    link = re.search(r'data-testid="invitation-link"[^>]*|value="(http[^"]+/register/[^"]+)"',
                     response.get_data(as_text=True))
    url = re.search(r'value="(http[^"]+/register/[^"]+)"', response.get_data(as_text=True)).group(1)
    assert link
    path = url.split("localhost", 1)[1]
    newcomer = app.test_client()
    newcomer.post(path, data={"username": "nora", "display_name": "Nora", "password": "a long passphrase"})
    user = db.session.scalar(select(User).where(User.username == "nora"))
    assert user.roles == {Role.PARTICIPANT}
    listing = admin_client.get("/admin/invitations").get_data(as_text=True)
    assert "Used" in listing and "Tuesday group" in listing


def test_invitation_form_rejects_bad_input(admin_client):
    page = admin_client.post("/admin/invitations", data={"roles": [], "days": 99}).get_data(as_text=True)
    assert "Choose at least one account kind" in page
    assert db.session.scalar(select(db.func.count()).select_from(Invitation)) == 0


def test_admin_grants_coordinator_and_verifies_professional(admin_client, make_user):
    person = make_user(["participant"])
    admin_client.post(f"/admin/accounts/{person.id}", data={"roles": ["participant", "coordinator"]})
    db.session.refresh(person)
    assert person.roles == {Role.PARTICIPANT, Role.COORDINATOR}

    doctor = make_user(["professional"], verified=False)
    assert "Not verified" in admin_client.get(f"/admin/accounts/{doctor.id}").get_data(as_text=True)
    admin_client.post(f"/admin/accounts/{doctor.id}/verify",
                      data={"verified": "1", "profession": "Social worker", "employer_kind": "municipality"})
    db.session.refresh(doctor)
    assert doctor.professional_verified_at is not None
    assert (doctor.profession, doctor.employer_kind) == ("Social worker", "municipality")


def test_verifying_a_professional_needs_profession_and_kind_of_employer(admin_client, make_user):
    doctor = make_user(["professional"], verified=False)
    page = admin_client.get(f"/admin/accounts/{doctor.id}").get_data(as_text=True)
    assert "Kind of employer" in page and "Child welfare service" in page
    for data in ({"verified": "1"}, {"verified": "1", "profession": "Nurse", "employer_kind": "police"},
                 {"verified": "1", "profession": "  ", "employer_kind": "health"},
                 {"verified": "1", "profession": "x" * 81, "employer_kind": "health"}):
        response = admin_client.post(f"/admin/accounts/{doctor.id}/verify", data=data, follow_redirects=True)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Write the professional" in page or "Choose the kind of employer" in page or "Not a valid choice" in page \
            or "80 characters" in page
        db.session.refresh(doctor)
        assert doctor.professional_verified_at is None and doctor.profession is None
    admin_client.post(f"/admin/accounts/{doctor.id}/verify",
                      data={"verified": "1", "profession": "Nurse", "employer_kind": "health"})
    admin_client.post(f"/admin/accounts/{doctor.id}/verify",
                      data={"verified": "1", "profession": "Midwife", "employer_kind": "health"})
    db.session.refresh(doctor)
    assert doctor.professional_verified_at is not None and doctor.profession == "Midwife"
    admin_client.post(f"/admin/accounts/{doctor.id}/verify", data={"verified": "0"})
    db.session.refresh(doctor)
    assert doctor.professional_verified_at is None


def test_disabling_an_account_logs_it_out_at_once(app, admin_client, make_user, login):
    person = make_user()
    their_phone = app.test_client()
    login(their_phone, person)
    assert their_phone.get("/account").status_code == 200
    admin_client.post(f"/admin/accounts/{person.id}/disable", data={"disabled": "1"})
    assert their_phone.get("/account").status_code == 302
    assert login(app.test_client(), person).status_code == 200  # cannot log in again


def test_an_admin_cannot_change_their_own_kinds(admin_client):
    admin = admin_client.admin
    page = admin_client.get(f"/admin/accounts/{admin.id}").get_data(as_text=True)
    assert 'name="roles"' not in page and "Nobody changes their own account kinds" in page
    for roles in (["participant"], ["admin", "coordinator"]):
        response = admin_client.post(f"/admin/accounts/{admin.id}", data={"roles": roles})
        assert response.status_code == 403
        assert "Nobody changes their own account kinds" in response.get_data(as_text=True)
        db.session.refresh(admin)
        assert admin.roles == {Role.ADMIN}


def test_admin_edits_helplines_and_the_help_page_shows_them(admin_client, client, factories):
    emergency, _ = factories.helplines()
    admin_client.post(f"/admin/helplines/{emergency.id}", data={
        "name_en": "Emergency (ambulance)", "name_nb": "Nødnummer (ambulanse)", "phone": "113",
        "description_en": "", "description_nb": "", "position": 1})
    admin_client.post("/admin/helplines/new", data={
        "name_en": "Local crisis line", "name_nb": "Lokal krisetelefon", "phone": "+47 55 00 00 00",
        "description_en": "Evenings", "description_nb": "Kveldstid", "position": 5})
    page = client.get("/help").get_data(as_text=True)
    assert "Emergency (ambulance)" in page and "Local crisis line" in page and 'href="tel:+4755000000"' in page
    db.session.expire_all()
    assert db.session.get(Helpline, emergency.id).is_default is False


def test_helpline_bad_input_changes_nothing(admin_client, factories):
    emergency, _ = factories.helplines()
    page = admin_client.post(f"/admin/helplines/{emergency.id}", data={
        "name_en": "X", "name_nb": "X", "phone": "no digits", "position": 1}).get_data(as_text=True)
    assert "Give a phone number" in page
    db.session.expire_all()
    assert db.session.get(Helpline, emergency.id).name_en == "Medical emergency"


def test_admin_list_shows_no_private_fields(admin_client, make_user):
    person = make_user(real_name="Secret Realname", phone="+47 11 22 33 44", username="private.login")
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "Secret Realname" not in page and "11 22 33 44" not in page and "private.login" not in page
    assert "private.login" not in admin_client.get(f"/admin/accounts/{person.id}").get_data(as_text=True)


def test_the_form_is_clean_again_after_an_invitation_is_made(admin_client):
    page = admin_client.post("/admin/invitations", data={"roles": ["coordinator"], "days": 3,
                                                           "label": "Kari, new coordinator"}).get_data(as_text=True)
    assert 'data-testid="new-invitation"' in page
    label_input = re.search(r'<input[^>]*id="label"[^>]*>', page).group(0)
    assert "value=" not in label_input or 'value=""' in label_input
    assert re.search(r'<input[^>]*checked[^>]*value="participant"|value="participant"[^>]*checked', page)
    assert not re.search(r'<input[^>]*checked[^>]*value="coordinator"|value="coordinator"[^>]*checked', page)
    assert 'value="3"' not in re.search(r'<input[^>]*id="days"[^>]*>', page).group(0)
    assert "Kari, new coordinator" in page  # in the list of recent invitations, where it belongs
