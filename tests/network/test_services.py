"""Services of the network map and the plan: ownership, history, versions, encryption at rest, export, deletion."""
from datetime import date, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from aftercare.accounts import services as accounts
from aftercare.exceptions import NotFound, ValidationFailed
from aftercare.extensions import db
from aftercare.mydata.services import export
from aftercare.network import services
from aftercare.network.models import (HardTimesMessage, NetworkEntry, NetworkSnapshot, PlanArea, PlanStep,
                                      PlanVersion)
from aftercare.network.services.rotation import rekey_all
from aftercare.timeutil import utcnow
from aftercare.timeutil import local_today

from ..factories import DEFAULT_PASSWORD

MODELS = (NetworkEntry, NetworkSnapshot, PlanArea, PlanStep, PlanVersion, HardTimesMessage)


@pytest.fixture
def her(factories):
    return factories.user()


def _filled_in(user):
    entry = services.add_entry(user, {"name": "Kari", "circle": "close", "sphere": "friends", "note": "NOTE-X"})
    services.save_area(user, "housing", "A room at my sister's", "My own flat")
    services.add_step(user, "housing", {"what": "Apply for a flat", "helper": "entry", "helper_entry_id": entry.id,
                                        "due_on": date(2027, 2, 1)})
    services.save_hard_times(user, "Can you call me?", [entry.id])
    return entry


def test_everything_is_optional(her):
    entry = services.add_entry(her, {})
    assert entry.name is None and entry.gives == [] and not entry.can_call


@pytest.mark.parametrize("data,field", [({"circle": "closest"}, "circle"), ({"gives": ["money"]}, "gives"),
                                        ({"name": "x" * 61}, "name"), ({"wish": "forget"}, "wish")])
def test_wrong_input_is_refused_and_changes_nothing(her, data, field):
    with pytest.raises(ValidationFailed) as raised:
        services.add_entry(her, data)
    assert raised.value.field == field
    db.session.rollback()
    assert db.session.query(NetworkEntry).count() == 0


@pytest.mark.parametrize("kind", [("time_giver",), ("coordinator",), ("professional",), ("admin",)])
def test_only_participants_keep_the_tools(factories, kind):
    other = factories.user(list(kind))
    for call in (lambda: services.my_entries(other), lambda: services.add_entry(other, {"name": "x"}),
                 lambda: services.plan_of(other), lambda: services.hard_times(other)):
        with pytest.raises(NotFound):
            call()


def test_another_participant_gets_not_found_for_every_item(her, factories):
    entry = _filled_in(her)
    step = db.session.query(PlanStep).one()
    area = services.add_own_area(her, "My children")
    version = services.versions(her)[0]
    other = factories.user()
    for call in (lambda: services.get_entry(other, entry.id), lambda: services.update_entry(other, entry, {}),
                 lambda: services.remove_entry(other, entry), lambda: services.get_step(other, step.id),
                 lambda: services.mark_step(other, step, "done"), lambda: services.remove_step(other, step),
                 lambda: services.area_by_slug(other, area.slug), lambda: services.get_version(other, version.id),
                 lambda: services.save_area(other, area.slug, "x", "y")):
        with pytest.raises(NotFound):
            call()
    assert services.my_entries(other) == [] and services.hard_times(other) == ("", [])


def test_then_and_now_keeps_each_change_and_removed_entries(her):
    entry = services.add_entry(her, {"name": "Ola", "circle": "close"})
    db.session.execute(text("UPDATE network_snapshots SET valid_from = :t"), {"t": utcnow() - timedelta(days=10)})
    db.session.commit()
    services.update_entry(her, entry, {"name": "Ola", "circle": "distant"})
    last_week = local_today() - timedelta(days=5)
    assert [fields["circle"] for _n, fields in services.map_on(her, last_week)] == ["close"]
    assert [fields["circle"] for _n, fields in services.map_on(her, local_today())] == ["distant"]
    services.remove_entry(her, entry)
    assert services.map_on(her, last_week)[0][1]["name"] == "Ola"
    assert services.my_entries(her) == []


def test_saving_without_a_change_adds_no_history(her):
    entry = services.add_entry(her, {"name": "Ola"})
    services.update_entry(her, entry, {"name": "Ola"})
    assert db.session.query(NetworkSnapshot).count() == 1


def test_deleting_the_history_keeps_only_today(her):
    entry = services.add_entry(her, {"name": "Ola", "circle": "close"})
    db.session.execute(text("UPDATE network_snapshots SET valid_from = :t"), {"t": utcnow() - timedelta(days=10)})
    db.session.commit()
    services.update_entry(her, entry, {"name": "Ola", "circle": "between"})
    gone = services.add_entry(her, {"name": "Gone"})
    services.remove_entry(her, gone)
    services.delete_history(her)
    assert services.map_on(her, local_today() - timedelta(days=5)) == []
    assert [fields["name"] for _n, fields in services.map_on(her, local_today())] == ["Ola"]
    assert db.session.query(NetworkSnapshot).count() == 1


def test_a_sitting_makes_one_plan_version_and_a_later_one_another(her):
    _filled_in(her)
    assert len(services.versions(her)) == 1
    db.session.execute(text("UPDATE plan_versions SET saved_at = :t"), {"t": utcnow() - timedelta(hours=2)})
    db.session.commit()
    step = db.session.query(PlanStep).one()
    services.mark_step(her, step, "under_way")
    versions = services.versions(her)
    assert len(versions) == 2
    assert versions[0].data["areas"][0]["steps"][0]["status"] == "under_way"
    assert versions[1].data["areas"][0]["steps"][0]["status"] is None
    services.delete_old_versions(her)
    assert [v.id for v in services.versions(her)] == [versions[0].id]


def test_a_step_needs_words_and_a_helper_from_her_own_map(her, factories):
    with pytest.raises(ValidationFailed):
        services.add_step(her, "money", {"what": ""})
    db.session.rollback()
    theirs = services.add_entry(factories.user(), {"name": "Theirs"})
    with pytest.raises(ValidationFailed):
        services.add_step(her, "money", {"what": "Budget", "helper": "entry", "helper_entry_id": theirs.id})
    db.session.rollback()
    assert db.session.query(PlanStep).count() == 0


def test_removing_a_map_entry_keeps_the_step_without_its_helper(her):
    entry = _filled_in(her)
    services.remove_entry(her, entry)
    db.session.expire_all()
    step = db.session.query(PlanStep).one()
    assert step.what == "Apply for a flat" and step.helper_entry_id is None


def test_her_own_area_can_be_named_and_removed_but_a_common_one_not(her):
    area = services.add_own_area(her, "My children")
    assert [kind for kind, _row in services.plan_of(her)][-1] == "own"
    services.remove_own_area(her, area.slug)
    with pytest.raises(NotFound):
        services.remove_own_area(her, "housing")
    with pytest.raises(NotFound):
        services.area_by_slug(her, "own-abc")


def test_hard_times_picks_only_her_own_entries(her, factories):
    mine = services.add_entry(her, {"name": "Mine"})
    theirs = services.add_entry(factories.user(), {"name": "Theirs"})
    services.save_hard_times(her, "Call me", [mine.id, theirs.id])
    db.session.expire_all()
    assert [e.name for e in services.hard_times(her)[1]] == ["Mine"]
    assert db.session.get(NetworkEntry, theirs.id).can_call is False
    assert services.sms_link("Call me?") == "sms:?&body=Call%20me%3F"


def test_her_words_are_encrypted_at_rest(her):
    _filled_in(her)
    raw = " ".join(str(value) for table in ("network_entries", "network_snapshots", "plan_areas", "plan_steps",
                                            "plan_versions", "hard_times_messages")
                   for row in db.session.execute(text(f"SELECT * FROM {table}")) for value in row)
    for words in ("Kari", "NOTE-X", "sister", "Apply for a flat", "Can you call me"):
        assert words not in raw, words
    assert services.my_entries(her)[0].note == "NOTE-X"


def test_a_new_key_first_and_rekey_keeps_everything_readable(app, her):
    old = Fernet.generate_key().decode()
    app.config["NETWORK_ENCRYPTION_KEYS"] = old
    _filled_in(her)
    new = Fernet.generate_key().decode()
    app.config["NETWORK_ENCRYPTION_KEYS"] = f"{new},{old}"
    assert rekey_all() > 0
    app.config["NETWORK_ENCRYPTION_KEYS"] = new  # the old key is gone
    db.session.expire_all()
    assert services.my_entries(her)[0].note == "NOTE-X"
    assert services.hard_times(her)[0] == "Can you call me?"
    assert services.versions(her)[0].data["areas"][0]["where_now"] == "A room at my sister's"


def test_the_rekey_command(app, her, runner):
    _filled_in(her)
    result = runner.invoke(args=["network", "rekey"])
    assert result.exit_code == 0 and "rekeyed" in result.output


def test_her_export_holds_both_tools_and_nobody_elses(app, her, factories):
    _filled_in(her)
    other = factories.user()
    services.add_entry(other, {"name": "OTHER-PERSON"})
    with app.test_request_context():
        mine = export(her)["sections"]["network"]
        assert mine["network_map"][0]["name"] == "Kari" and mine["network_map"][0]["circle"] == "Close"
        assert mine["aftercare_plan"][0]["steps"][0]["helper_name"] == "Kari"
        assert mine["when_it_gets_hard"] == "Can you call me?"
        assert mine["network_map_history"] and mine["aftercare_plan_versions"]
        assert "OTHER-PERSON" not in str(mine)
        coordinator = factories.user(["coordinator"])
        assert export(coordinator)["sections"]["network"] == {}
        assert "Kari" not in str(export(other))


def test_everything_goes_with_her_account(her, factories):
    _filled_in(her)
    other = factories.user()
    services.add_entry(other, {"name": "Stays"})
    accounts.delete_account(her, her, DEFAULT_PASSWORD)
    for model in MODELS:
        assert db.session.scalars(select(model).where(model.owner_id == her.id)).all() == [], model
    assert [e.name for e in services.my_entries(other)] == ["Stays"]


def test_the_database_cascades_even_without_the_listener(her):
    _filled_in(her)
    db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": her.id})
    db.session.commit()
    for model in MODELS:
        assert db.session.query(model).count() == 0, model
