"""The council's role × action matrix: the main person, her council coordinator and another one, the
professional she asked and one she did not, an invitee's link (valid, used, expired, after the council
ended), the aftercare coordinator, an admin and another participant. Every forbidden cell is a 404 (a used
or expired link a 410 that shows nothing) and changes nothing."""
from datetime import timedelta

import pytest

from aftercare.extensions import db
from aftercare.timeutil import utcnow

from ..rights.test_access_walk import snapshot
from .flow import CouncilWorld

SECRETS = ("How can I keep my home", "KARI-PHONE", "INVITE-WORDS", "STATEMENT-TEXT", "LINE-ONE", "Mari&#39;s kitchen")


def owner_pages(world):
    c = world.council_id
    return [f"/council/{c}", f"/council/{c}/questions", f"/council/{c}/coordinator", f"/council/{c}/invitees",
            f"/council/{c}/statements", f"/council/{c}/practical", f"/council/{c}/meeting"]


def owner_posts(world):
    """Every POST of hers, with data that would change something if it were let through."""
    c, line = world.council_id, world.council.lines[0].id if world.council.lines else 1
    return [(f"/council/{c}/questions", {"question_1": "How can I X?"}), (f"/council/{c}/kind", {"kind": "network_meeting"}),
            (f"/council/{c}/coordinator", {"action": "withdraw"}), (f"/council/{c}/invitees", {"name": "Eve"}),
            (f"/council/{c}/invitees/{world.kari_id}", {"action": "remove"}),
            (f"/council/{c}/invitees/{world.kari_id}", {"action": "link"}),
            (f"/council/{c}/statements", {"username": "berg", "questions": "1"}),
            (f"/council/{c}/statements/{world.statement_id}", {"action": "reject"}),
            (f"/council/{c}/practical", {"place": "Elsewhere"}), (f"/council/{c}/meeting", {"action": "start"}),
            (f"/council/{c}/meeting", {"action": "private"}), (f"/council/{c}/lines", {"new-what": "x"}),
            (f"/council/{c}/lines/{line}", {"action": "remove"}), (f"/council/lines/{line}/mark", {"mark": "done"}),
            (f"/council/{c}/end", {}), (f"/council/{c}/delete", {})]


def staff_posts(world):
    c = world.council_id
    return [(f"/council/coordinate/{c}", {"action": "accept"}), (f"/council/coordinate/{c}", {"action": "private"}),
            (f"/council/coordinate/{c}", {"action": "withdraw"}),
            (f"/council/coordinate/{c}/invitees/{world.kari_id}", {"action": "link"}),
            (f"/council/coordinate/{c}/invitees/{world.kari_id}", {f"c{world.kari_id}-contacted": "y"}),
            (f"/council/statements/{world.statement_id}", {"text": "Changed"}),
            (f"/council/statements/{world.statement_id}", {"action": "agree"})]


def assert_refused(client, world, gets, posts):
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.get_data(as_text=True)
        assert not any(secret in body for secret in SECRETS), url
    for url, data in posts:
        before = snapshot()
        assert client.post(url, data=data).status_code == 404, url
        db.session.expire_all()
        assert snapshot() == before, f"POST {url} changed something"


@pytest.fixture
def world(app, factories, login):
    return CouncilWorld(app, factories, login).run_to("statement")


def staff_gets(world):
    return [f"/council/coordinate/{world.council_id}", f"/council/statements/{world.statement_id}"]


@pytest.mark.parametrize("who", ["participant", "coordinator", "admin", "time_giver", "council_coordinator",
                                 "professional"])
def test_outsiders_get_404_everywhere_and_change_nothing(app, factories, login, world, who):
    """Another participant, the aftercare coordinator, an admin, a time-giver, another council coordinator,
    a professional she did not ask."""
    client = app.test_client()
    login(client, factories.user([who]))
    assert_refused(client, world, owner_pages(world) + staff_gets(world),
                   owner_posts(world) + staff_posts(world))
    page = client.get("/").get_data(as_text=True)
    assert "Mari" not in page and not any(secret in page for secret in SECRETS)
    for own_list in ("/council/coordinate", "/council/statements", "/council"):
        body = client.get(own_list).get_data(as_text=True)
        assert "Mari" not in body and not any(secret in body for secret in SECRETS), own_list


def test_her_coordinator_sees_only_the_coordinators_page_and_none_of_hers(world):
    client = world.coordinator_client
    assert client.get(f"/council/coordinate/{world.council_id}").status_code == 200
    assert_refused(client, world, owner_pages(world) + [f"/council/statements/{world.statement_id}"],
                   owner_posts(world) + staff_posts(world)[5:])


def test_the_professional_she_asked_sees_only_their_statement(world):
    client = world.professional_client
    page = client.get(f"/council/statements/{world.statement_id}").get_data(as_text=True)
    assert "How can I keep my home" in page
    assert not any(secret in page for secret in ("KARI-PHONE", "INVITE-WORDS", "friends who", "kitchen"))
    assert_refused(client, world, owner_pages(world) + [f"/council/coordinate/{world.council_id}"],
                   owner_posts(world) + staff_posts(world)[:5])


def test_the_private_part_closes_every_staff_view_until_the_coordinator_is_called_back(world):
    world.private_part()
    for client in (world.coordinator_client, world.professional_client):
        assert_refused(client, world, staff_gets(world), staff_posts(world))
        assert "Mari" not in client.get("/council/coordinate").get_data(as_text=True)
        assert "Mari" not in client.get("/council/statements").get_data(as_text=True)
    world.plan()
    world.post(world.owner_client, world.url("/meeting"), action="call_back")
    assert world.coordinator_client.get(f"/council/coordinate/{world.council_id}").status_code == 200
    # The professional left for good: not called back.
    assert world.professional_client.get(f"/council/statements/{world.statement_id}").status_code == 404


def test_an_invitee_link_opens_once_and_not_after_it_expired_or_the_council_ended(app, world):
    other = app.test_client()
    response = other.get(world.kari_path)
    assert response.status_code == 410 and "opened already" in response.get_data(as_text=True)
    assert other.post(world.kari_path).status_code == 410
    assert other.get("/council/invited").status_code == 404
    # A new link ends the old one and the browser that used it.
    response = world.post(world.owner_client, world.url(f"/invitees/{world.kari_id}"), action="link")
    fresh = response.get_data(as_text=True).split('/council/i/')[1].split('"')[0]
    assert world.kari_client.get("/council/invited").status_code == 404
    invitee = world.council.invitees[0]
    invitee.link_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = other.get(f"/council/i/{fresh}")
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)
    invitee.link_expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    world.post(other, f"/council/i/{fresh}")
    assert other.get("/council/invited").status_code == 200
    world.post(world.owner_client, world.url("/end"))
    assert other.get("/council/invited").status_code == 404
    assert other.get(f"/council/i/{fresh}").status_code == 404
    assert app.test_client().get("/council/i/not-a-link").status_code == 404


def test_the_invitee_acts_only_on_their_own_lines(app, world):
    for step in ("private_part", "plan", "decision", "finish"):
        getattr(world, step)()
    council = world.council
    own = next(line for line in council.lines if line.owner_kind == "self")
    before = snapshot()
    world.kari_client.post("/council/invited", data={"action": "mark", "line": own.id, "mark": "done"})
    db.session.expire_all()
    assert snapshot() == before
    # Nor through the account-holders' route, nor can anyone else mark her line.
    assert world.kari_client.post(f"/council/lines/{own.id}/mark", data={"mark": "done"}).status_code in (302, 401)
    assert world.coordinator_client.post(f"/council/lines/{own.id}/mark", data={"mark": "done"}).status_code == 404
    db.session.expire_all()
    assert snapshot() == before
