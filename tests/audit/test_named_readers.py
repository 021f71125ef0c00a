"""Who saw what names the coordinator who read a person's request, referral note or volunteer
application; a change of someone's account kinds says who made it and which kinds changed."""
import pytest

from aftercare.admin import services as admin
from aftercare.audit.models import AuditEntry
from aftercare.audit.services import describe, entries_for
from aftercare.extensions import db
from aftercare.referrals import services as referrals

from ..matching.factories import MatchingFactories


@pytest.fixture
def mf(factories):
    return MatchingFactories(factories)


def _log_of(app, login, person, locale="en", **credentials):
    client = app.test_client()
    login(client, person, **credentials)
    client.post("/language", data={"locale": locale})
    return client.get("/who-saw-what").get_data(as_text=True)


@pytest.mark.parametrize("locale, opened", [
    ("en", "Kari (coordinator) opened your request for a time-giver"),
    ("nb", "Kari (koordinator) åpnet forespørselen din om tidsgiver"),
])
def test_the_request_owner_sees_which_coordinator_opened_it(app, login, mf, locale, opened):
    time_giver_request = mf.request()
    coordinator_client = app.test_client()
    login(coordinator_client, mf.coordinator)
    assert coordinator_client.get(f"/time-givers/coordinate/requests/{time_giver_request.id}").status_code == 200
    page = _log_of(app, login, time_giver_request.participant, locale)
    assert opened in page and "A coordinator" not in page and "En koordinator" not in page


def test_the_referral_owner_sees_which_coordinator_read_the_note(app, login, make_user):
    professional, coordinator = make_user(["professional"]), make_user(["coordinator"], display_name="Per")
    referral, code = referrals.create_referral(professional, note="A group please", wants="group")
    owner = referrals.redeem(code, username="owner1", display_name="Owner", password="a long private sentence")
    client = app.test_client()
    login(client, coordinator)
    assert client.get(f"/referrals/coordinate/{referral.id}").status_code == 200
    assert "Per (coordinator) read the note in your referral" in _log_of(app, login, owner, password="a long private sentence")


def test_the_volunteer_sees_which_coordinator_opened_their_application(app, login, mf):
    application = mf.application()
    client = app.test_client()
    login(client, mf.coordinator)
    assert client.get(f"/time-givers/coordinate/volunteers/{application.id}").status_code == 200
    entry = db.session.query(AuditEntry).filter_by(action="coordinator.opened_application").one()
    assert entry.subject_user_id == application.user_id and entry.actor_id == mf.coordinator.id
    assert "Kari (coordinator) opened your application as a time-giver" in _log_of(app, login, application.user)


def test_old_entries_and_deleted_coordinators_say_only_the_role(make_user):
    person = make_user()
    for label in ("coordinator", ""):
        db.session.add(AuditEntry(action="coordinator.opened_request", actor_label=label, subject_user_id=person.id))
    db.session.commit()
    assert all(describe(e).startswith("A coordinator opened your request") for e in entries_for(person))


def test_every_change_of_kinds_is_recorded_with_who_and_what(make_user):
    ada, person = make_user(["admin"], display_name="Ada"), make_user(["participant"])
    admin.set_roles(ada, person, ["participant", "time_giver"])
    admin.set_roles(ada, person, ["time_giver", "coordinator"])
    admin.set_roles(ada, person, ["time_giver", "coordinator"])  # no change: nothing to record
    entries = db.session.query(AuditEntry).filter_by(action="admin.roles_changed").order_by(AuditEntry.id).all()
    assert [(e.actor_id, e.subject_user_id, e.params) for e in entries] == [
        (ada.id, person.id, {"+time_giver": True}),
        (ada.id, person.id, {"+coordinator": True, "-participant": True})]
    lines = [describe(e) for e in entries]
    assert lines[0].startswith("Ada (administrator) changed your account kinds on") and \
        lines[0].endswith("Added: Time-giver.")
    assert lines[1].endswith("Added: Coordinator. Removed: Participant.")


def test_an_admin_cannot_give_themselves_a_kind_in_the_service(make_user):
    from aftercare.accounts.models import Role
    from aftercare.exceptions import PermissionDenied

    ada = make_user(["admin"])
    with pytest.raises(PermissionDenied, match="Nobody changes their own account kinds"):
        admin.set_roles(ada, ada, ["admin", "coordinator"])
    db.session.refresh(ada)
    assert ada.roles == {Role.ADMIN}
    assert db.session.query(AuditEntry).count() == 0


def test_a_group_member_is_not_given_a_staff_kind(make_user, make_group):
    from aftercare.accounts.models import Role
    from aftercare.exceptions import ValidationFailed

    ada, member = make_user(["admin"]), make_user()
    make_group(members=[member])
    with pytest.raises(ValidationFailed, match="Group members hold no admin, coordinator or professional kind"):
        admin.set_roles(ada, member, ["participant", "coordinator"])
    db.session.refresh(member)
    assert member.roles == {Role.PARTICIPANT}
    admin.set_roles(ada, member, ["participant", "time_giver"])  # a participant may also give time
    db.session.refresh(member)
    assert member.roles == {Role.PARTICIPANT, Role.TIME_GIVER}
