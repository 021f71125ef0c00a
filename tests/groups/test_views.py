"""Group pages in both languages, forms with bad input, and the invitation flow through the pages."""
import re

import pytest
from sqlalchemy import func, select

from aftercare.extensions import db
from aftercare.groups import services
from aftercare.groups.models import Group

PAGES = ["/groups/", "/groups/{g}", "/groups/{g}/rules", "/groups/{g}/members", "/groups/{g}/purpose",
         "/groups/{g}/invite", "/groups/{g}/settings", "/groups/{g}/rules/propose", "/groups/{g}/rules/propose-method",
         "/groups/{g}/leave"]
ENGLISH_ONLY = ["Our rules", "Members", "Leave the group", "My groups", "Invite with a link", "Propose"]


@pytest.mark.parametrize("language", ["en", "nb"])
def test_every_group_page_in_both_languages(app, login, make_user, make_group, language):
    leader = make_user()
    group = make_group(leaders=[leader], members=[make_user()])
    client = app.test_client()
    login(client, leader)
    for page in PAGES:
        response = client.get(page.format(g=group.id), headers={"Accept-Language": language})
        text = response.get_data(as_text=True)
        assert response.status_code == 200, page
        assert f'<html lang="{language}">' in text
        if language == "nb":
            leaked = [s for s in ENGLISH_ONLY if f">{s}<" in text]
            assert leaked == [], (page, leaked)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_coordinator_pages_in_both_languages(app, login, make_user, make_group, language):
    coordinator = make_user(["coordinator"])
    make_group(creator=coordinator)
    client = app.test_client()
    login(client, coordinator)
    for page in ["/groups/new", "/groups/coordinate", "/groups/"]:
        response = client.get(page, headers={"Accept-Language": language})
        assert response.status_code == 200 and f'<html lang="{language}">' in response.get_data(as_text=True)


def test_create_group_with_bad_input_shows_messages_and_stores_nothing(app, login, make_user):
    coordinator = make_user(["coordinator"])
    client = app.test_client()
    login(client, coordinator)
    page = client.post("/groups/new", data={"name": "X", "purpose": "short", "kind": "self_help", "capacity": 1,
                                            "intake": "closed", "meeting_minutes": 90,
                                            "chat_retention_days": "30", "consent_method": "majority"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="capacity-error"' in text and "Appoint at least one leader" in text
    assert db.session.scalar(select(func.count()).select_from(Group)) == 0


def test_creating_a_group_warns_about_a_single_leader(app, login, make_user):
    coordinator, leader = make_user(["coordinator"]), make_user(display_name="Solo")
    client = app.test_client()
    login(client, coordinator)
    response = client.post("/groups/new", data={
        "name": "Onsdagsgruppa", "purpose": "A place for mothers in LAR to share and support.",
        "kind": "self_help", "capacity": 8, "intake": "closed", "meeting_minutes": 90,
        "chat_retention_days": "30", "consent_method": "majority", "objection_days": 7, "leader_usernames": leader.username},
        follow_redirects=True)
    assert "Fewer than two leaders" in response.get_data(as_text=True)
    leader_client = app.test_client()
    login(leader_client, leader)
    group = db.session.scalar(select(Group))
    assert "fewer than two leaders" in leader_client.get(f"/groups/{group.id}").get_data(as_text=True)


def test_invitation_page_shows_purpose_and_rules_then_join(app, login, make_user, make_group):
    leader, newcomer = make_user(), make_user()
    group = make_group(leaders=[leader])
    leader_client, newcomer_client = app.test_client(), app.test_client()
    login(leader_client, leader)
    page = leader_client.post(f"/groups/{group.id}/invite", data={"what": "link"}).get_data(as_text=True)
    path = re.search(r'value="http://localhost(/groups/join/[^"]+)"', page).group(1)

    assert newcomer_client.get(path).status_code == 302  # logged out: sent to log in first
    login(newcomer_client, newcomer)
    invitation = newcomer_client.get(path).get_data(as_text=True)
    assert group.purpose in invitation and "Raise your hand" in invitation and "Joining means accepting" in invitation
    joined = newcomer_client.post(path, data={"answer": "join"}, follow_redirects=True)
    assert "Welcome to Tuesday group" in joined.get_data(as_text=True)
    again = newcomer_client.get(path)
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)


def test_full_group_invitation_lands_on_waiting_list(app, login, make_user, make_group):
    leader, member, newcomer = make_user(), make_user(), make_user()
    group = make_group(leaders=[leader], members=[member], capacity=2)
    invitation = services.invite_by_username(leader, group, newcomer.username)
    client = app.test_client()
    login(client, newcomer)
    page = client.post(f"/groups/invitations/{invitation.id}", data={"answer": "join"}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "waiting list" in text and client.get(f"/groups/{group.id}").status_code == 404


def test_rules_page_asks_for_acceptance_after_a_change(app, login, make_user, make_group):
    a, b = make_user(), make_user()
    group = make_group(leaders=[a], members=[b])
    proposal = services.propose_rule(a, group, "add", text="Phones on silent")
    services.cast_vote(a, group, proposal, "yes")
    services.cast_vote(b, group, proposal, "yes")
    client = app.test_client()
    login(client, b)
    assert "I accept the rules" in client.get(f"/groups/{group.id}/rules").get_data(as_text=True)
    assert "Read and accept the rules" in client.get(f"/groups/{group.id}").get_data(as_text=True)
    client.post(f"/groups/{group.id}/rules/accept")
    assert "I accept the rules" not in client.get(f"/groups/{group.id}/rules").get_data(as_text=True)


def test_phone_numbers_are_shown_only_when_shared(app, login, make_user, make_group):
    sharer = make_user(phone="+47 900 11 222")
    private = make_user(phone="+47 933 44 555")
    viewer = make_user()
    group = make_group(members=[sharer, private, viewer])
    services.set_phone_sharing(sharer, group, True)
    client = app.test_client()
    login(client, viewer)
    page = client.get(f"/groups/{group.id}/members").get_data(as_text=True)
    assert "+47 900 11 222" in page and "+47 933 44 555" not in page
