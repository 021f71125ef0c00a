"""The audit log, the transparency page, my data and account deletion with choices."""
import json
import threading

import pytest
from sqlalchemy import select

from aftercare.accounts import services as accounts
from aftercare.admin import services as admin
from aftercare.audit import record, record_guest_presence
from aftercare.audit.models import AuditEntry
from aftercare.audit.services import describe, entries_for
from aftercare.chat.models import Message
from aftercare.chat.services import channel_for_group, post_message
from aftercare.exceptions import Conflict, NotFound, ValidationFailed
from aftercare.extensions import db
from aftercare.matching.models import Match, RequestState, TimeGiverRequest
from aftercare.mydata import services as mydata
from aftercare.mydata.models import ExportLock
from aftercare.notifications.models import Notification
from aftercare.notifications.services import standing
from aftercare.timeutil import utcnow

from ..factories import DEFAULT_PASSWORD
from ..mydata.reading import every_part
from ..matching.factories import MatchingFactories


@pytest.fixture
def mf(factories):
    return MatchingFactories(factories)


def test_admin_actions_are_logged_about_the_account(make_user):
    admin_user = make_user(["admin"], display_name="Ada")
    person = make_user(["participant", "time_giver"], verified=False)
    admin.set_roles(admin_user, person, ["time_giver", "professional"])
    admin.set_professional_verified(admin_user, person, True, profession="Nurse", employer_kind="health")
    admin.set_disabled(admin_user, person, True)
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["admin.roles_changed", "admin.verified", "admin.disabled"]
    person.is_disabled = False
    db.session.commit()
    lines = [describe(entry) for entry in entries_for(person)]
    changed = [line for line in lines if "changed your account kinds" in line]
    assert len(changed) == 1 and changed[0].startswith("Ada (administrator) changed your account kinds on")
    assert changed[0].endswith("Added: Professional. Removed: Participant.")
    assert any(line.startswith("Ada (administrator) disabled your account") for line in lines)


def test_params_refuse_content(make_user):
    with pytest.raises(ValueError):
        record("x", params={"body": "a long piece of text that is certainly not a short code at all"})


def test_group_entries_reach_members_only(make_user, make_group):
    member, outsider, guest = make_user(), make_user(), make_user(["professional"], display_name="Dr. Berg")
    group = make_group(members=[member])
    now = utcnow()
    record_guest_presence(guest, group.id, now, now, commit=True)
    assert [describe(e) for e in entries_for(member)][0].startswith("Dr. Berg (guest · professional) took part")
    assert entries_for(outsider) == []


def test_transparency_page_in_both_languages(client, login, make_user):
    admin_user, person = make_user(["admin"], display_name="Ada"), make_user()
    admin.set_roles(admin_user, person, ["participant", "time_giver"])
    login(client, person)
    page = client.get("/who-saw-what").get_data(as_text=True)
    assert "Ada (administrator) changed your account kinds" in page and "Added: Time-giver." in page
    client.post("/language", data={"locale": "nb"})
    page = client.get("/who-saw-what").get_data(as_text=True)
    assert "Ada (administrator) endret kontotypene dine" in page and "Lagt til: Tidsgiver." in page


def test_coordinator_opening_a_request_is_logged(client, login, mf):
    time_giver_request = mf.request()
    login(client, mf.coordinator)
    assert client.get(f"/time-givers/coordinate/requests/{time_giver_request.id}").status_code == 200
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.subject_user_id) == ("coordinator.opened_request", time_giver_request.participant_id)


# --- my data ---

def test_export_holds_each_domain(client, login, make_user, make_group, mf):
    member = make_user(display_name="Liv", real_name="Liv Hansen")
    group = make_group(members=[member])
    post_message(member, channel_for_group(group), client_id="client-0001", body="Hello group")
    mf.request(member)
    login(client, member)
    response = client.get("/account/my-data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.data)["sections"]
    assert data["account"]["real_name"] == "Liv Hansen" and "password_hash" not in data["account"]
    assert data["groups"]["memberships"][0]["group_name"] == group.name
    assert data["chat"]["messages"][0]["body"] == "Hello group"
    assert data["time_givers"]["requests"][0]["state"] == RequestState.WAITING
    assert "Hello group" in client.get("/account/my-data?section=chat").get_data(as_text=True)


@pytest.mark.parametrize("locale, expected, raw", [
    ("en", ["Name shown to others", "Memberships", "Rules accepted (version)", "Message", "No"], []),
    ("nb", ["Navn andre ser", "Medlemskap", "Regler godtatt (versjon)", "Melding", "Nei", "Fila har også"],
     ["Name shown to others", "Memberships"]),
])
def test_my_data_page_reads_plainly_in_both_languages(client, login, make_user, make_group, locale, expected, raw):
    """Field names in the person's language, dates in their time zone, yes and no; the internal reference
    numbers stay in the download, which keeps the raw names."""
    member = make_user(display_name="Liv")
    group = make_group(members=[member])
    message, _ = post_message(member, channel_for_group(group), client_id="client-plain-01", body="Hello group")
    login(client, member)
    client.post("/language", data={"locale": locale})
    page = every_part(client)
    for text in expected:
        assert text in page
    for text in raw + ["display_name", "display name", "client-plain-01", "created at", "False",
                       message.created_at.isoformat()]:
        assert text not in page
    data = json.loads(client.get("/account/my-data.json").data)["sections"]
    assert data["chat"]["messages"][0]["client_id"] == "client-plain-01" and "display_name" in data["account"]


def test_export_never_holds_secrets(client, login, make_user, app):
    """The authenticator key (set up or pending) and every hash stay out of the file and the page."""
    from aftercare.extensions import db

    person = make_user(display_name="Siri")
    person.totp_secret, person.totp_pending_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLUKRSXG5CT"
    person.totp_last_step = 58_000_000
    db.session.commit()
    login(client, person)
    body = client.get("/account/my-data.json").get_data(as_text=True)
    page = every_part(client)
    for secret in ("JBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLU", "58000000", "argon2", "totp_secret", "password_hash"):
        assert secret not in body and secret not in page


def test_export_twice_at_once_is_refused_clearly(client, login, make_user):
    person = make_user()
    db.session.add(ExportLock(user_id=person.id))
    db.session.commit()
    with pytest.raises(Conflict):
        mydata.export(person)
    login(client, person)
    # Reading the page takes no lock: reloading it while a download is made answers as usual.
    assert client.get("/account/my-data?section=account").status_code == 200
    response = client.get("/account/my-data.json")
    assert response.status_code == 409 and "already being gathered" in response.get_data(as_text=True)
    db.session.query(ExportLock).delete()
    db.session.commit()
    assert mydata.export(person)["sections"]["account"]["id"] == person.id
    assert db.session.query(ExportLock).count() == 0


def test_concurrent_exports_one_wins(app, make_user):
    person_id = make_user().id
    outcomes = []
    barrier = threading.Barrier(2)

    def run():
        with app.app_context():
            from aftercare.accounts.models import User

            user = db.session.get(User, person_id)
            barrier.wait()
            try:
                mydata._take_lock(user)
                outcomes.append("took")
            except Conflict:
                outcomes.append("refused")

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "took"]


# --- deletion ---

def test_deletion_keeps_or_deletes_messages(make_user, make_group):
    keeper, deleter = make_user(), make_user()
    group = make_group(members=[keeper, deleter])
    channel = channel_for_group(group)
    post_message(keeper, channel, client_id="client-0002", body="I stay")
    post_message(deleter, channel, client_id="client-0003", body="I go")
    accounts.delete_account(keeper, keeper, DEFAULT_PASSWORD)
    accounts.delete_account(deleter, deleter, DEFAULT_PASSWORD, delete_messages=True)
    bodies = {m.body: m.author_id for m in db.session.scalars(select(Message))}
    assert bodies == {"I stay": None}
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.deleted")).all()
    assert len(entries) == 2 and all(e.actor_id is None and e.subject_user_id is None and not e.params
                                     and not e.actor_label for e in entries)


def test_deleting_a_time_giver_ends_the_match_kindly(mf):
    match = mf.match()
    participant, time_giver_user = match.participant, match.time_giver.user
    request_id = match.request_id
    accounts.delete_account(time_giver_user, time_giver_user, DEFAULT_PASSWORD)
    assert db.session.get(TimeGiverRequest, request_id).state == RequestState.ENDED
    assert [n.kind for n in standing(participant)] == ["match_time_giver_left"]
    assert db.session.query(Match).count() == 0


def test_deleting_a_participant_tells_the_time_giver(mf):
    match = mf.match()
    participant, time_giver = match.participant, match.time_giver
    accounts.delete_account(participant, participant, DEFAULT_PASSWORD)
    db.session.refresh(time_giver)
    assert time_giver.places_taken == 0
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == time_giver.user_id)).all()
    assert "match_participant_left" in kinds


def test_sole_leader_deletion_shows_on_coordinator_page(client, login, make_user, make_group):
    leader, member, coordinator = make_user(), make_user(), make_user(["coordinator"])
    group = make_group(leaders=[leader], members=[member], creator=coordinator)
    login(client, leader)
    assert "the only leader" in client.get("/account/delete").get_data(as_text=True)
    client.post("/logout")
    accounts.delete_account(leader, leader, DEFAULT_PASSWORD)
    login(client, coordinator)
    assert "This group has no leader" in client.get("/groups/coordinate").get_data(as_text=True)
    assert db.session.get(type(group), group.id) is not None


def test_co_leader_carries_on_quietly(client, login, make_user, make_group):
    leader, co_leader, coordinator = make_user(), make_user(), make_user(["coordinator"])
    make_group(leaders=[leader, co_leader], creator=coordinator)
    login(client, leader)
    assert "the only leader" not in client.get("/account/delete").get_data(as_text=True)
    accounts.delete_account(leader, leader, DEFAULT_PASSWORD)
    client.post("/logout")
    login(client, coordinator)
    assert "This group has no leader" not in client.get("/groups/coordinate").get_data(as_text=True)


def test_wrong_password_deletes_nothing(make_user):
    person = make_user()
    with pytest.raises(ValidationFailed):
        accounts.delete_account(person, person, "wrong", delete_messages=True)
    assert db.session.query(AuditEntry).count() == 0


def test_delete_page_with_choice(client, login, make_user, make_group):
    person = make_user()
    group = make_group(members=[person])
    post_message(person, channel_for_group(group), client_id="client-0004", body="Bye")
    login(client, person)
    response = client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "confirm": "y",
                                                   "messages": "delete"})
    assert response.status_code == 302
    assert db.session.query(Message).count() == 0


def test_deleted_guest_leaves_no_name_in_group_logs(make_user, make_group):
    member, guest = make_user(), make_user(["professional"], display_name="Dr. Berg")
    group = make_group(members=[member])
    now = utcnow()
    record_guest_presence(guest, group.id, now, now, commit=True)
    accounts.delete_account(guest, guest, DEFAULT_PASSWORD)
    line = describe(entries_for(member)[0])
    assert "Dr. Berg" not in line and line.startswith("Someone (guest · professional) took part")


def test_admin_does_not_see_referral_invitations(make_user):
    from aftercare.referrals import services as referrals

    admin_user = make_user(["admin"])
    referral, _code = referrals.create_referral(make_user(["professional"]))
    own, _token = accounts.create_invitation(admin_user, ["participant"])
    assert [i.id for i in admin.list_invitations(admin_user)] == [own.id]
    with pytest.raises(NotFound):
        admin.get_invitation(admin_user, referral.invitation_id)


def test_pending_proposals_are_withdrawn_when_either_side_leaves(mf):
    proposal = mf.proposal()
    time_giver, request_id = proposal.time_giver, proposal.request_id
    participant = proposal.request.participant
    assert time_giver.places_taken == 1
    accounts.delete_account(participant, participant, DEFAULT_PASSWORD)
    db.session.refresh(time_giver)
    assert time_giver.places_taken == 0

    other = mf.proposal()
    leaving = other.time_giver.user
    request_id = other.request_id
    assert db.session.get(TimeGiverRequest, request_id).state == RequestState.PROPOSED
    accounts.delete_account(leaving, leaving, DEFAULT_PASSWORD)
    db.session.expire_all()
    assert db.session.get(TimeGiverRequest, request_id).state == RequestState.WAITING
