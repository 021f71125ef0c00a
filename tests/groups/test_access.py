"""Who sees and does what in a group: a role × action matrix through the real pages."""
import pytest

from aftercare.extensions import db
from aftercare.groups import services

ACTORS = ["leader", "member", "non_member", "creating_coordinator", "other_coordinator", "admin",
          "professional", "time_giver", "former_member", "anonymous"]


@pytest.fixture
def world(app, make_user, make_group):
    people = {
        "leader": make_user(["participant"], display_name="Lead"),
        "member": make_user(["participant"], display_name="Mem"),
        "non_member": make_user(["participant"]),
        "creating_coordinator": make_user(["coordinator"]),
        "other_coordinator": make_user(["coordinator"]),
        "admin": make_user(["admin"]),
        "professional": make_user(["professional"]),
        "time_giver": make_user(["time_giver"]),
        "former_member": make_user(["participant"]),
    }
    group = make_group(leaders=[people["leader"]], members=[people["member"], people["former_member"]],
                       creator=people["creating_coordinator"])
    services.leave_group(people["former_member"], group)
    proposal = services.propose_rule(people["member"], group, "add", text="Tea at every meeting")
    return people, group, proposal


def client_for(app, login, people, actor):
    client = app.test_client()
    if actor != "anonymous":
        login(client, people[actor])
    return client


READ_PAGES = ["/groups/{g}", "/groups/{g}/rules", "/groups/{g}/members", "/groups/{g}/purpose"]
LEADER_PAGES = ["/groups/{g}/invite", "/groups/{g}/settings"]


def expected_read(actor):
    return {"leader": 200, "member": 200, "anonymous": 302}.get(actor, 404)


def expected_leader_page(actor):
    return {"leader": 200, "member": 403, "anonymous": 302}.get(actor, 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_group_pages(app, login, world, actor):
    people, group, _proposal = world
    client = client_for(app, login, people, actor)
    for page in READ_PAGES:
        assert client.get(page.format(g=group.id)).status_code == expected_read(actor), (actor, page)


@pytest.mark.parametrize("actor", ACTORS)
def test_leader_pages(app, login, world, actor):
    people, group, _proposal = world
    client = client_for(app, login, people, actor)
    for page in LEADER_PAGES:
        status = client.get(page.format(g=group.id)).status_code
        assert status == expected_leader_page(actor), (actor, page, status)


@pytest.mark.parametrize("actor", ACTORS)
def test_voting_and_proposing(app, login, world, actor):
    people, group, proposal = world
    client = client_for(app, login, people, actor)
    vote = client.post(f"/groups/{group.id}/proposals/{proposal.id}/vote", data={"choice": "yes"})
    propose = client.post(f"/groups/{group.id}/rules/propose", data={"kind": "add", "text": "Another rule", "rule_id": 0})
    db.session.expire_all()
    voters = {v.user_id for v in proposal.votes}
    if actor in ("leader", "member"):
        assert vote.status_code == 302 and people[actor].id in voters
        assert propose.status_code == 302
    else:
        assert vote.status_code == (302 if actor == "anonymous" else 404)
        assert propose.status_code == (302 if actor == "anonymous" else 404)
        assert not voters & {p.id for p in people.values()} - {people["leader"].id, people["member"].id}


@pytest.mark.parametrize("actor", ACTORS)
def test_managing_members_and_phase(app, login, world, actor):
    people, group, _proposal = world
    client = client_for(app, login, people, actor)
    phase = client.post(f"/groups/{group.id}/phase", data={"phase": "establishing"})
    remove = client.post(f"/groups/{group.id}/members/{people['member'].id}/remove", data={"reason": "Testing"})
    db.session.expire_all()
    if actor == "leader":
        assert phase.status_code == 302 and group.phase == "establishing"
        assert remove.status_code == 302 and group.membership_of(people["member"].id).status == "removed"
    else:
        assert group.phase == "planning"
        assert group.membership_of(people["member"].id).status == "active"
        assert phase.status_code in {"member": (403,), "anonymous": (302,)}.get(actor, (404,))
        assert remove.status_code in {"member": (403, 404), "anonymous": (302,)}.get(actor, (404,))


@pytest.mark.parametrize("actor", ACTORS)
def test_coordinator_summary_shows_no_content(app, login, world, actor):
    people, group, _proposal = world
    client = client_for(app, login, people, actor)
    response = client.get("/groups/coordinate")
    if actor in ("creating_coordinator", "other_coordinator"):
        page = response.get_data(as_text=True)
        if actor == "creating_coordinator":
            assert "Tuesday group" in page and "Lead" in page and "2 of 10 places taken" in page
            assert "Tea at every meeting" not in page and "A closed group for mothers" not in page
        else:
            assert "Tuesday group" not in page
    else:
        assert response.status_code in (302, 403)


def test_removed_member_sees_the_reason_but_nothing_of_the_group(app, login, world):
    people, group, _proposal = world
    services.remove_member(people["leader"], group, people["member"].id, "Please take a break; talk to Lead.")
    client = client_for(app, login, people, "member")
    page = client.get("/groups/").get_data(as_text=True)
    assert "Please take a break; talk to Lead." in page
    assert client.get(f"/groups/{group.id}").status_code == 404
