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
