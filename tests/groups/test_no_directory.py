"""No directory of participants: leaders invite by link or by a user name they were told, pickers list
only people the picker already shares a group or a request with, and user names are never shown."""
import pathlib
import re

from sqlalchemy import func, select

from aftercare.extensions import db
from aftercare.groups.models import Group, GroupInvitation

from ..matching.factories import MatchingFactories

NEUTRAL = "we do not say whether it exists"


def _leader_world(app, login, make_user, make_group):
    leader = make_user(display_name="Lead", username="lead.login")
    friend = make_user(display_name="Friend-From-Other-Group", username="friend.login")
    stranger = make_user(display_name="Stranger-Nobody-Knows", username="stranger.login")
    make_group(leaders=[leader], members=[friend], name="Other group")
    group = make_group(leaders=[leader], name="This group")
    client = app.test_client()
    login(client, leader)
    return leader, friend, stranger, group, client


def _invitations_for(user):
    return db.session.scalar(select(func.count()).select_from(GroupInvitation)
                             .where(GroupInvitation.invitee_id == user.id))


def test_the_invite_picker_lists_only_people_from_the_leaders_other_groups(app, login, make_user, make_group):
    _leader, friend, stranger, group, client = _leader_world(app, login, make_user, make_group)
    page = client.get(f"/groups/{group.id}/invite").get_data(as_text=True)
    assert "Friend-From-Other-Group" in page and "Stranger-Nobody-Knows" not in page
    assert "friend.login" not in page and "stranger.login" not in page
    response = client.post(f"/groups/{group.id}/invite", data={"what": "person", "person-invitee": stranger.id})
    assert response.status_code == 200 and _invitations_for(stranger) == 0
    client.post(f"/groups/{group.id}/invite", data={"what": "person", "person-invitee": friend.id})
    assert _invitations_for(friend) == 1


def test_inviting_by_user_name_gives_one_neutral_answer(app, login, make_user, make_group):
    leader, friend, stranger, group, client = _leader_world(app, login, make_user, make_group)
    coordinator = make_user(["coordinator"], username="staff.login")
    for name in ("stranger.login", "@Stranger.Login", "no.such.name", "staff.login", "lead.login", "x" * 60):
        page = client.post(f"/groups/{group.id}/invite", data={"what": "username", "name-username": name},
                           follow_redirects=True).get_data(as_text=True)
        assert NEUTRAL in page, name
        assert "is taken" not in page and "not found" not in page.lower()
    assert _invitations_for(stranger) == 2 and _invitations_for(coordinator) == 0 and _invitations_for(leader) == 0
    empty = client.post(f"/groups/{group.id}/invite", data={"what": "username", "name-username": ""})
    assert empty.status_code == 200 and NEUTRAL not in empty.get_data(as_text=True)


def test_the_coordinators_leader_picker_lists_only_people_they_know(app, login, make_user, make_group, factories):
    mf = MatchingFactories(factories)
    coordinator = mf.coordinator
    in_my_group = make_user(display_name="In-My-Group", username="mine.login")
    make_group(leaders=[in_my_group], creator=coordinator)
    with_request = mf.request(make_user(display_name="Asked-For-Time-Giver", username="asked.login"))
    stranger = make_user(display_name="Stranger-Nobody-Knows", username="stranger.login")
    staff_member = make_user(["participant", "professional"], display_name="Staff-In-Group")
    make_group(members=[staff_member], creator=coordinator)
    client = app.test_client()
    login(client, coordinator)
    client.get(f"/time-givers/coordinate/requests/{with_request.id}")
    page = client.get("/groups/new").get_data(as_text=True)
    assert "In-My-Group" in page and "Asked-For-Time-Giver" in page
    assert "Stranger-Nobody-Knows" not in page and "Staff-In-Group" not in page
    assert "@" not in re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S).split("<main", 1)[-1] \
        .split("</main>")[0]
    assert "mine.login" not in page and "asked.login" not in page
    fields = {"name": "Onsdagsgruppa", "purpose": "A place for mothers in LAR to share and support.",
              "kind": "self_help", "capacity": 8, "intake": "closed", "meeting_minutes": 90,
              "chat_retention_days": "30", "consent_method": "majority", "objection_days": 7}
    client.post("/groups/new", data={**fields, "leaders": [stranger.id]})
    assert db.session.scalar(select(func.count()).select_from(Group)) == 2
    client.post("/groups/new", data={**fields, "leader_usernames": "stranger.login, asked.login"})
    group = db.session.scalar(select(Group).where(Group.name == "Onsdagsgruppa"))
    assert sorted(m.user_id for m in group.memberships) == sorted([stranger.id, with_request.participant_id])


def test_no_template_shows_a_user_name():
    """Only the login and registration forms (a person's own name) and the guest form (typed in) have one."""
    root = pathlib.Path(__file__).resolve().parents[2] / "templates"
    shown = re.compile(r"\{\{[^}]*\busername\b[^}]*\}\}")
    offenders = []
    for path in root.rglob("*.html"):
        for expression in shown.findall(path.read_text()):
            if not re.fullmatch(r"\{\{\s*field\((name_)?form\.username[^}]*\)\s*\}\}", expression):
                offenders.append((path.name, expression))
    assert offenders == []
