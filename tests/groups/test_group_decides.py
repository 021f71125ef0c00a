"""The group decides, not one leader: how it decides is itself a proposal."""
from datetime import timedelta

import pytest

from aftercare.exceptions import ValidationFailed
from aftercare.extensions import db
from aftercare.groups import services


def test_a_leaders_direct_settings_post_does_not_change_how_the_group_decides(app, login, make_user, make_group):
    leader = make_user()
    group = make_group(leaders=[leader], members=[make_user()])
    client = app.test_client()
    login(client, leader)
    page = client.get(f"/groups/{group.id}/settings").get_data(as_text=True)
    assert 'name="consent_method"' not in page and 'name="objection_days"' not in page
    response = client.post(f"/groups/{group.id}/settings", data={
        "consent_method": "no_objection", "objection_days": 2, "chat_retention_days": "30"})
    assert response.status_code == 302
    db.session.refresh(group)
    assert (group.consent_method, group.objection_days) == ("majority", 7)
    assert group.chat_retention_days == 30  # the day-to-day settings still save


def test_a_method_proposal_adopted_by_majority_changes_how_the_group_decides(app, login, make_user, make_group):
    leader, b, c = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[b, c])
    client = app.test_client()
    login(client, b)
    assert client.get(f"/groups/{group.id}/rules/propose-method").status_code == 200
    response = client.post(f"/groups/{group.id}/rules/propose-method",
                           data={"new_method": "no_objection", "objection_days": 3})
    assert response.status_code == 302
    db.session.refresh(group)
    assert group.consent_method == "majority"  # one yes of three is not a decision
    proposal = services.proposals(b, group)[0]
    assert proposal.kind == "method" and proposal.method == "majority" and proposal.status == "open"
    page = client.get(f"/groups/{group.id}/rules", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert "innen 3 dager" in page
    services.cast_vote(c, group, proposal, "yes")
    db.session.refresh(group)
    assert proposal.status == "adopted"
    assert (group.consent_method, group.objection_days) == ("no_objection", 3)
    assert group.rules_version == 1  # the rules' wording did not change: nobody has to accept again
    # The next proposal is decided the new way.
    later = services.propose_rule(b, group, "add", text="Phones on silent")
    assert later.method == "no_objection" and later.deadline == later.created_at + timedelta(days=3)


def test_a_method_proposal_rejected_changes_nothing(make_user, make_group):
    a, b, c = make_user(), make_user(), make_user()
    group = make_group(leaders=[a], members=[b, c])
    proposal = services.propose_method(a, group, "no_objection", 2)
    services.cast_vote(b, group, proposal, "no")
    services.cast_vote(c, group, proposal, "no")
    db.session.refresh(group)
    assert proposal.status == "rejected" and group.consent_method == "majority"


def test_back_to_majority_is_decided_by_no_objection_at_its_deadline(make_user, make_group):
    a, b = make_user(), make_user()
    group = make_group(leaders=[a], members=[b], consent_method="no_objection", objection_days=2)
    proposal = services.propose_method(a, group, "majority")
    services.settle_proposals(group, now=proposal.deadline - timedelta(minutes=1))
    db.session.refresh(group)
    assert group.consent_method == "no_objection"
    services.settle_proposals(group, now=proposal.deadline)
    db.session.refresh(group)
    assert group.consent_method == "majority" and group.objection_days == 2


@pytest.mark.parametrize("method, days", [("leader", 7), ("no_objection", 0), ("no_objection", 61),
                                          ("majority", None)])
def test_bad_method_proposals_are_refused(make_user, make_group, method, days):
    a = make_user()
    group = make_group(leaders=[a], members=[make_user()])
    with pytest.raises(ValidationFailed):
        services.propose_method(a, group, method, days)  # ("majority", None): the group decides so already
    assert services.proposals(a, group) == []


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_method_proposal_page_in_both_languages(app, login, make_user, make_group, language):
    leader = make_user()
    group = make_group(leaders=[leader], members=[make_user()])
    client = app.test_client()
    login(client, leader)
    response = client.post(f"/groups/{group.id}/rules/propose-method", data={"new_method": "no_objection",
                                                                                "objection_days": 99},
                           headers={"Accept-Language": language})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and f'<html lang="{language}">' in text and 'id="objection_days-error"' in text
    assert services.proposals(leader, group) == []


# Votes on rules: secret (counts only) unless the group chose names at creation.

def _voted_proposal(make_user, make_group, **fields):
    leader, kari, ola = make_user(display_name="Leader Lise"), make_user(display_name="Kari"), \
        make_user(display_name="Ola")
    group = make_group(leaders=[leader], members=[kari, ola, make_user()], **fields)
    proposal = services.propose_rule(leader, group, "add", text="Phones on silent")
    services.cast_vote(kari, group, proposal, "yes")
    services.cast_vote(ola, group, proposal, "no")
    return group, kari


@pytest.mark.parametrize("language", ["en", "nb"])
def test_votes_are_secret_by_default_counts_only(app, login, make_user, make_group, language):
    group, kari = _voted_proposal(make_user, make_group)
    assert group.named_votes is False
    client = app.test_client()
    login(client, kari)
    page = client.get(f"/groups/{group.id}/rules", headers={"Accept-Language": language}).get_data(as_text=True)
    assert "Kari:" not in page and "Ola:" not in page and "Leader Lise:" not in page
    assert 'data-testid="named-votes"' not in page
    assert ("Yes: 2 · No: 1" if language == "en" else "Ja: 2 · Nei: 1") in page
    assert ("Votes are secret" if language == "en" else "Stemmene er hemmelige") in page


def test_a_group_that_chose_named_votes_shows_who_voted_what(app, login, make_user, make_group):
    group, kari = _voted_proposal(make_user, make_group, named_votes=True)
    client = app.test_client()
    login(client, kari)
    page = client.get(f"/groups/{group.id}/rules").get_data(as_text=True)
    assert "Kari: yes" in page and "Ola: no" in page


@pytest.mark.parametrize("choice, named", [(None, False), ("secret", False), ("named", True)])
def test_the_coordinator_chooses_named_or_secret_votes_at_creation(app, login, make_user, choice, named):
    from sqlalchemy import select

    from aftercare.groups.models import Group

    coordinator, leader = make_user(["coordinator"]), make_user()
    client = app.test_client()
    login(client, coordinator)
    data = {"name": "Onsdagsgruppa", "purpose": "A place for mothers in LAR to share and support.",
            "kind": "self_help", "capacity": 8, "intake": "closed", "meeting_minutes": 90,
            "chat_retention_days": "30", "consent_method": "majority", "objection_days": 7,
            "leader_usernames": leader.username}
    if choice:
        data["votes"] = choice
    assert client.post("/groups/new", data=data).status_code == 302
    assert db.session.scalar(select(Group.named_votes).where(Group.name == "Onsdagsgruppa")) is named


def test_a_bad_vote_display_is_refused_and_stores_nothing(make_user):
    from aftercare.groups.models import Group

    coordinator, leader = make_user(["coordinator"]), make_user()
    with pytest.raises(ValidationFailed):
        services.create_group(coordinator, [], leader_usernames=leader.username, name="Onsdagsgruppa",
                              purpose="A place for mothers in LAR to share.", kind="self_help", capacity=8,
                              intake="closed", meeting_minutes=90, chat_retention_days=30,
                              consent_method="majority", objection_days=7, votes="public")
    assert db.session.query(Group).count() == 0


# The group's language, chosen at creation, not the creator's interface language.

def _create(client, leader, **extra):
    data = {"name": "Onsdagsgruppa", "purpose": "A place for mothers in LAR to share and support.",
            "kind": "self_help", "capacity": 8, "intake": "closed", "meeting_minutes": 90,
            "chat_retention_days": "30", "consent_method": "majority", "objection_days": 7,
            "leader_usernames": leader.username, **extra}
    return client.post("/groups/new", data=data)


@pytest.mark.parametrize("interface, chosen, first_rule", [
    ("en", None, "Vent på tur, og ikke avbryt hverandre."),  # default bokmål, even from an English interface
    ("en", "nb", "Vent på tur, og ikke avbryt hverandre."),
    ("nb", "en", "Wait your turn and don't interrupt."),
])
def test_template_rules_follow_the_groups_language(app, login, make_user, interface, chosen, first_rule):
    from sqlalchemy import select

    from aftercare.groups.models import Group, Rule

    coordinator, leader = make_user(["coordinator"]), make_user()
    client = app.test_client()
    login(client, coordinator)
    client.post("/language", data={"locale": interface})
    assert _create(client, leader, **({"language": chosen} if chosen else {})).status_code == 302
    group = db.session.scalar(select(Group).where(Group.name == "Onsdagsgruppa"))
    assert group.language == (chosen or "nb")
    first = db.session.scalar(select(Rule).where(Rule.group_id == group.id).order_by(Rule.position))
    assert first.text == first_rule


def test_a_language_we_do_not_offer_is_refused_and_stores_nothing(app, login, make_user):
    from aftercare.groups.models import Group

    coordinator, leader = make_user(["coordinator"]), make_user()
    client = app.test_client()
    login(client, coordinator)
    assert _create(client, leader, language="sv").status_code == 200
    with pytest.raises(ValidationFailed):
        services.create_group(coordinator, [], leader_usernames=leader.username, name="Onsdagsgruppa",
                              purpose="A place for mothers in LAR to share.", kind="self_help", capacity=8,
                              intake="closed", meeting_minutes=90, chat_retention_days=30,
                              consent_method="majority", objection_days=7, language="sv")
    assert db.session.query(Group).count() == 0


@pytest.mark.parametrize("group_language, reader_language, label", [
    ("nb", "en", "Gruppechat"), ("en", "nb", "Group chat")])
def test_the_calendar_says_group_chat_in_the_groups_language(app, login, make_user, make_group,
                                                             group_language, reader_language, label):
    from datetime import time

    from aftercare.meetings import services as meetings
    from aftercare.timeutil import utcnow

    leader, member = make_user(), make_user()
    group = make_group(leaders=[leader], members=[member], language=group_language)
    series = meetings.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                               start_time=time(18, 0), end_time=time(19, 0), online=True)
    meeting = series.meetings[0]
    client = app.test_client()
    login(client, member)
    client.post("/language", data={"locale": reader_language})
    single = client.get(f"/groups/{group.id}/meetings/{meeting.id}.ics").get_data(as_text=True)
    assert f"LOCATION:{label}\r\n" in single
    token = meetings.renew_feed(member)
    feed = app.test_client().get(f"/calendar/{token}.ics", headers={"Accept-Language": reader_language})
    assert f"LOCATION:{label}\r\n" in feed.get_data(as_text=True)
