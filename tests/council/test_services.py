"""The council's rules as its services keep them: the form of her questions, what finishing the plan needs,
ending and deleting, notices that never hold what anyone wrote, her "who saw what", her export and her
account's deletion, the reminders, and the network-meeting variant."""
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from aftercare import policy
from aftercare.accounts import services as accounts
from aftercare.audit.services import describe, entries_for
from aftercare.council import services
from aftercare.council.models import Council, CouncilInvitee, CouncilLine, CouncilSignature
from aftercare.exceptions import NotFound, ValidationFailed
from aftercare.exports import collect
from aftercare.extensions import db
from aftercare.notifications.models import Notification
from aftercare.notifications.services import text_of
from aftercare.timeutil import local_today

from ..factories import DEFAULT_PASSWORD
from .flow import CouncilWorld

WRITTEN = ("keep my home", "KARI-PHONE", "INVITE-WORDS", "OPENING-WORDS", "STATEMENT-TEXT", "LINE-ONE", "LINE-TWO",
           "kitchen", "Kari", "Ola")


@pytest.fixture
def world(app, factories, login):
    return CouncilWorld(app, factories, login)


def test_questions_are_hers_at_most_three_and_the_editor_helps_with_their_form(world, factories):
    world.questions()
    owner = world.owner
    with pytest.raises(ValidationFailed):
        services.save_questions(owner, world.council_id, ["How can I a?", "How can I b?", "How can I c?", "How can I d?"])
    with pytest.raises(ValidationFailed):
        services.save_questions(owner, world.council_id, ["", " "])
    with pytest.raises(NotFound):
        services.save_questions(factories.user(), world.council_id, ["How can I take over?"])
    assert services.question_hints("How can I keep my home?") == []
    assert services.question_hints("Hvordan kan jeg beholde leiligheten min?") == []
    assert len(services.question_hints("The flat")) == 2  # not "How can I …", not first person
    assert any("future" in str(hint) for hint in services.question_hints("How can I fix what I did?"))
    response = world.owner_client.post(world.url("/questions"), data={"question_1": "Housing"})
    assert "How can I" in response.get_data(as_text=True)  # the tips are shown; the question is saved anyway
    assert [q.text for q in world.council.questions] == ["Housing"]


def test_the_plan_is_finished_only_signed_checked_and_with_a_follow_up_date_or_none_by_her_choice(world):
    world.run_to("plan")
    owner, council_id = world.owner, world.council_id
    world.post(world.owner_client, world.url("/meeting"), action="call_back")
    with pytest.raises(ValidationFailed):
        services.finish(owner, council_id, local_today() + timedelta(days=30))  # not signed
    services.sign(owner, council_id)
    with pytest.raises(ValidationFailed):
        services.finish(owner, council_id, local_today() + timedelta(days=30))  # not checked
    services.check(world.coordinator, council_id)
    with pytest.raises(ValidationFailed) as error:
        services.finish(owner, council_id, None)
    assert error.value.field == "follow_up_on"
    with pytest.raises(ValidationFailed):
        services.finish(owner, council_id, local_today())
    # A changed plan is not the plan that was signed and checked.
    services.add_line(owner, council_id, {"question_id": world.council.questions[0].id, "what": "One more",
                                          "owner": "self"})
    assert not world.council.signatures and world.council.checked_at is None
    services.sign(owner, council_id)
    services.check(world.coordinator, council_id)
    services.finish(owner, council_id, None, decline_follow_up=True)
    council = world.council
    assert council.phase == "following_up" and council.follow_up_declined and council.follow_up_on is None


def test_no_authority_can_approve_the_plan(app, world, factories, login):
    """There is no approval step: only she finishes the plan; the coordinator's check says it is concrete,
    feasible and agreed, and no table holds an approval of the plan by anyone."""
    world.run_to("decision")
    for table in ("councils", "council_lines", "council_plan_versions", "council_signatures"):
        columns = {column["name"] for column in inspect(db.engine).get_columns(table)}
        assert not {name for name in columns if "approv" in name or "authority" in name}, table
    for person in (world.coordinator, world.professional, factories.user(["coordinator"]), factories.user(["admin"])):
        client = app.test_client()
        login(client, person)
        response = client.post(world.url("/meeting"), data={"action": "finish", "decline_follow_up": "y"})
        assert response.status_code == 404
    assert world.council.phase == "decision"


def test_ending_deletes_the_invitees_details_but_keeps_the_signed_plan_and_deleting_deletes_all(world):
    world.run_to("finish")
    response = world.owner_client.post(world.url("/end"), follow_redirects=True)
    assert "Copies already sent stay sent" in response.get_data(as_text=True)
    council = world.council
    assert council.ended_at is not None and council.invitees == []
    assert db.session.scalar(select(CouncilInvitee.id)) is None
    assert sorted(council.versions[0].data["signatures"]) == ["Kari", "Mari"]
    assert {s.name for s in council.signatures} == {"Kari", "Mari"}
    assert next(line.who_name for line in council.lines if line.owner_kind == "invitee") == "Kari"
    page = world.owner_client.get(world.url()).get_data(as_text=True)
    assert "LINE-ONE" in page  # hers to read
    world.post(world.owner_client, world.url("/delete"))
    assert db.session.scalar(select(Council.id)) is None and db.session.scalar(select(CouncilLine.id)) is None
    assert db.session.scalar(select(CouncilSignature.id)) is None


def test_notices_reach_each_person_about_their_part_and_never_hold_what_anyone_wrote(world):
    world.run_to("finish")
    notes = db.session.scalars(select(Notification)).all()
    kinds = {(n.user_id, n.kind) for n in notes}
    assert (world.coordinator.id, "council_coordinator_asked") in kinds
    assert (world.owner.id, "council_coordinator_accepted") in kinds
    assert (world.professional.id, "council_statement_asked") in kinds
    assert (world.owner.id, "council_statement_written") in kinds
    assert (world.owner.id, "council_invitee_answered") in kinds
    assert (world.coordinator.id, "council_coordinator_called_back") in kinds
    assert (world.coordinator.id, "council_plan_finished") in kinds
    for note in notes:
        text = str(text_of(note)) + repr(note.params) + note.link
        assert not any(secret in text for secret in WRITTEN), note.kind


def test_every_staff_opening_is_in_her_who_saw_what_and_nowhere_else(world):
    world.run_to("statement")
    world.coordinator_client.get(f"/council/coordinate/{world.council_id}")
    world.professional_client.get(f"/council/statements/{world.statement_id}")
    mine = [describe(entry) for entry in entries_for(world.owner)]
    assert any("Siri (council coordinator) opened your network council" in text for text in mine)
    assert any("Dr. Berg (professional) opened" in text for text in mine)
    for other in (world.coordinator, world.professional):
        assert not any("council" in describe(entry) for entry in entries_for(other))
    page = world.owner_client.get("/who-saw-what").get_data(as_text=True)
    assert "opened your network council" in page


def test_her_export_holds_her_councils_and_nobody_elses_export_holds_any(world):
    world.run_to("finish")
    section = collect(world.owner)["network_councils"]
    assert section[0]["questions"][0] == "How can I keep my home?"
    assert section[0]["versions"][0]["number"] == 1
    for other in (world.coordinator, world.professional):
        exported = repr(collect(other))
        assert not any(secret in exported for secret in WRITTEN if secret not in ("Kari", "Ola"))


def test_her_account_takes_her_councils_with_it_and_a_staff_account_leaves_hers_without_them(world, factories):
    world.run_to("finish")
    accounts.delete_account(world.coordinator, world.coordinator, DEFAULT_PASSWORD)
    db.session.expire_all()
    council = world.council
    assert council.coordinator_id is None and council.phase == "following_up"
    accounts.delete_account(world.owner, world.owner, DEFAULT_PASSWORD)
    db.session.expire_all()
    assert db.session.scalar(select(Council.id)) is None


def test_reminders_go_to_a_lines_owner_about_their_own_line_and_the_coordinator_prepares(world):
    world.run_to("decision")
    council = world.council
    own = next(line for line in council.lines if line.owner_kind == "self")
    kari = next(line for line in council.lines if line.owner_kind == "invitee")
    own.due_on = kari.due_on = local_today() + timedelta(days=3)
    db.session.commit()
    services.finish(world.owner, world.council_id, local_today() + timedelta(days=10))
    before = {n.id for n in db.session.scalars(select(Notification))}
    assert services.send_council_reminders(local_today() + timedelta(days=3)) == (2, 1)
    new = [n for n in db.session.scalars(select(Notification)) if n.id not in before]
    assert sorted((n.user_id, n.kind) for n in new) == sorted([
        (world.owner.id, "council_line_due"), (world.coordinator.id, "council_follow_up_prepare"),
        (world.owner.id, "council_follow_up_soon")])
    assert services.send_council_reminders(local_today() + timedelta(days=3)) == (0, 0)  # once


def test_a_network_meeting_keeps_the_professional_in_the_room(app, factories, login):
    world = CouncilWorld(app, factories, login, kind="network_meeting").run_to("private_part")
    assert world.council.phase == "plan" and not world.council.is_private
    assert world.professional_client.get(f"/council/statements/{world.statement_id}").status_code == 200
    assert world.coordinator_client.get(f"/council/coordinate/{world.council_id}").status_code == 200


def test_a_council_coordinator_is_verified_by_the_admin_and_signs_in_with_two_factor(app, factories, login):
    person = factories.user(["council_coordinator"], verified=False)
    assert policy.must_use_two_factor(person) and not policy.has_council_coordinator_powers(person)
    assert person not in services.available_coordinators()
    admin = factories.user(["admin"])
    client = app.test_client()
    login(client, admin)
    assert "Council coordinator" in client.get(f"/admin/accounts/{person.id}").get_data(as_text=True)
    client.post(f"/admin/accounts/{person.id}/council-organisation", data={"organisation": "Nettverksråd Øst"})
    db.session.expire_all()
    assert person.organisation == "Nettverksråd Øst" and person in services.available_coordinators()
    owner = factories.user()
    council = services.start_council(owner)
    page_client = app.test_client()
    login(page_client, owner)
    body = page_client.get(f"/council/{council.id}/coordinator").get_data(as_text=True)
    assert "Nettverksråd Øst" in body and person.display_name in body


def test_she_may_withdraw_and_the_coordinator_may_decline(world):
    world.questions()
    world.post(world.owner_client, world.url("/coordinator"), coordinator=world.coordinator.id)
    world.post(world.owner_client, world.url("/coordinator"), action="withdraw")
    assert world.coordinator_client.get(f"/council/coordinate/{world.council_id}").status_code == 404
    world.post(world.owner_client, world.url("/coordinator"), coordinator=world.coordinator.id)
    world.post(world.coordinator_client, f"/council/coordinate/{world.council_id}", action="decline")
    council = world.council
    assert council.coordinator_id is None
    kinds = {n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == world.owner.id))}
    assert "council_coordinator_declined" in kinds


def test_what_anyone_wrote_is_encrypted_at_rest_and_rekeyed_with_her_tools(app, factories, login):
    from cryptography.fernet import Fernet
    from sqlalchemy import text

    from aftercare.network.services.rotation import rekey_all

    old = Fernet.generate_key().decode()
    app.config["NETWORK_ENCRYPTION_KEYS"] = old
    world = CouncilWorld(app, factories, login).run_to("finish")
    raw = " ".join(str(value) for table in ("councils", "council_questions", "council_invitees", "council_statements",
                                            "council_lines", "council_signatures", "council_plan_versions")
                   for row in db.session.execute(text(f"SELECT * FROM {table}")) for value in row)
    for words in ("keep my home", "KARI-PHONE", "INVITE-WORDS", "STATEMENT-TEXT", "LINE-ONE", "Kari", "kitchen"):
        assert words not in raw, words
    new = Fernet.generate_key().decode()
    app.config["NETWORK_ENCRYPTION_KEYS"] = f"{new},{old}"
    assert rekey_all() > 0
    app.config["NETWORK_ENCRYPTION_KEYS"] = new
    db.session.expire_all()
    council = world.council
    assert council.questions[0].text == "How can I keep my home?" and council.versions[0].data["signatures"]
