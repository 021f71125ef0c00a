"""The access walk: every path that creates or upgrades a membership, tried through the real pages as
every account kind. Only participants (holding no admin, coordinator or professional kind) ever become
members or leaders; for everyone else no membership row appears and the group's pages stay 404."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftercare.chat.services import channel_for_group
from aftercare.groups.services import offer_due_places
from aftercare.extensions import db
from aftercare.groups.models import Group, GroupInvitation, Membership, WaitingEntry
from aftercare.timeutil import utcnow

REFUSED_KINDS = {
    "admin": dict(roles=["admin"]),
    "coordinator": dict(roles=["coordinator"]),
    "time_giver": dict(roles=["time_giver"]),
    "professional": dict(roles=["professional"]),
    "unverified_professional": dict(roles=["professional"], verified=False),
    "participant_and_coordinator": dict(roles=["participant", "coordinator"]),
    "participant_and_professional": dict(roles=["participant", "professional"]),
    "participant_and_unverified_professional": dict(roles=["participant", "professional"], verified=False),
    "participant_and_admin": dict(roles=["participant", "admin"]),
}
SECRET_NAME, SECRET_PURPOSE = "Secret Circle", "PURPOSE-SECRET: mothers in LAR who share and support."
GROUP_PAGES = ["/groups/{g}", "/groups/{g}/rules", "/groups/{g}/members", "/groups/{g}/purpose",
               "/groups/{g}/invite", "/groups/{g}/leave"]


@pytest.fixture
def world(app, login, make_user, make_group):
    coordinator = make_user(["coordinator"])
    leader = make_user(display_name="Lead")
    group = make_group(leaders=[leader], creator=coordinator, name=SECRET_NAME, purpose=SECRET_PURPOSE,
                       capacity=3)
    leader_client = app.test_client()
    login(leader_client, leader)
    return dict(coordinator=coordinator, leader=leader, group=group, leader_client=leader_client)


def _walker(app, login, make_user, kind):
    spec = dict(REFUSED_KINDS.get(kind, dict(roles=["participant"])))
    user = make_user(spec.pop("roles"), **spec)
    client = app.test_client()
    assert login(client, user).status_code == 302
    return user, client


def _membership_rows(user):
    return db.session.scalar(select(func.count()).select_from(Membership).where(Membership.user_id == user.id))


def _new_link(leader_client, group):
    page = leader_client.post(f"/groups/{group.id}/invite", data={"what": "link"}).get_data(as_text=True)
    return re.search(r'value="http://localhost(/groups/join/[^"]+)"', page).group(1)


def _assert_outside(client, user, group):
    assert _membership_rows(user) == 0
    for page in GROUP_PAGES + [f"/chat/{channel_for_group(group).id}"]:
        assert client.get(page.format(g=group.id)).status_code == 404, page


@pytest.mark.parametrize("kind", sorted(REFUSED_KINDS))
def test_a_forwarded_invitation_link_lets_no_staff_or_time_giver_in(app, login, make_user, world, kind):
    group, path = world["group"], _new_link(world["leader_client"], world["group"])
    user, client = _walker(app, login, make_user, kind)
    page = client.get(path)
    text = page.get_data(as_text=True)
    assert page.status_code == 403 and "Groups are for participants only" in text
    assert SECRET_NAME not in text and "PURPOSE-SECRET" not in text  # not even what the invitation shows
    joined = client.post(path, data={"answer": "join"})
    assert joined.status_code == 403 and SECRET_NAME not in joined.get_data(as_text=True)
    declined = client.post(path, data={"answer": "decline"})
    assert declined.status_code == 403
    _assert_outside(client, user, group)
    invitation = db.session.scalar(select(GroupInvitation).where(GroupInvitation.group_id == group.id))
    assert invitation.used_at is None and invitation.declined_at is None  # still there for its participant
    # Whether or not the link is valid, such an account learns nothing about it.
    fake = "/groups/join/not-a-real-token"
    assert _page_without_tokens(client, fake).replace(fake, path) == _page_without_tokens(client, path)


def _page_without_tokens(client, path):
    """The page as text, less what differs from one load to the next (the form tokens carry the second
    they were signed in, the idle warning the seconds left)."""
    text = client.get(path).get_data(as_text=True)
    text = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', text)
    return re.sub(r'data-idle-seconds="\d+"', "data-idle-seconds", text)


def test_the_same_link_still_works_for_a_participant(app, login, make_user, world):
    group, path = world["group"], _new_link(world["leader_client"], world["group"])
    _walker(app, login, make_user, "professional")[1].post(path, data={"answer": "join"})
    participant, client = _walker(app, login, make_user, "participant")
    assert SECRET_NAME in client.get(path).get_data(as_text=True)
    client.post(path, data={"answer": "join"})
    db.session.expire_all()
    assert group.membership_of(participant.id).status == "active"
    assert client.get(f"/groups/{group.id}").status_code == 200


@pytest.mark.parametrize("kind", sorted(REFUSED_KINDS))
def test_an_addressed_invitation_is_never_made_for_them_nor_accepted(app, login, make_user, world, kind):
    group, leader_client = world["group"], world["leader_client"]
    user, client = _walker(app, login, make_user, kind)
    answer = leader_client.post(f"/groups/{group.id}/invite", data={"what": "username", "name-username": user.username},
                                follow_redirects=True).get_data(as_text=True)
    unknown = leader_client.post(f"/groups/{group.id}/invite", data={"what": "username", "name-username": "nobody.here"},
                                 follow_redirects=True).get_data(as_text=True)
    neutral = "we do not say whether it exists"
    assert neutral in answer and neutral in unknown
    assert db.session.scalar(select(func.count()).select_from(GroupInvitation)
                             .where(GroupInvitation.invitee_id == user.id)) == 0
    # One made before the account gained its kind cannot be taken up either.
    old = GroupInvitation(group_id=group.id, invitee_id=user.id, created_by_id=world["leader"].id,
                          expires_at=utcnow() + timedelta(days=14))
    db.session.add(old)
    db.session.commit()
    assert SECRET_NAME not in client.get("/groups/").get_data(as_text=True)
    page = client.get(f"/groups/invitations/{old.id}")
    assert page.status_code == 403 and SECRET_NAME not in page.get_data(as_text=True)
    assert client.post(f"/groups/invitations/{old.id}", data={"answer": "join"}).status_code == 403
    _assert_outside(client, user, group)
    db.session.refresh(old)
    assert old.used_at is None


def test_an_addressed_invitation_reaches_a_participant(app, login, make_user, world):
    group, leader_client = world["group"], world["leader_client"]
    participant, client = _walker(app, login, make_user, "participant")
    leader_client.post(f"/groups/{group.id}/invite", data={"what": "username", "name-username": participant.username})
    invitation = db.session.scalar(select(GroupInvitation).where(GroupInvitation.invitee_id == participant.id))
    client.post(f"/groups/invitations/{invitation.id}", data={"answer": "join"})
    db.session.expire_all()
    assert group.membership_of(participant.id).status == "active"


@pytest.mark.parametrize("kind", sorted(REFUSED_KINDS))
def test_the_waiting_list_never_offers_them_a_place_nor_lets_them_take_one(app, login, make_user, world, kind):
    group = world["group"]
    user, client = _walker(app, login, make_user, kind)
    participant, participant_client = _walker(app, login, make_user, "participant")
    queued = WaitingEntry(group_id=group.id, user_id=user.id)
    db.session.add(queued)
    db.session.commit()
    db.session.add(WaitingEntry(group_id=group.id, user_id=participant.id))
    db.session.commit()
    offer_due_places()  # the sweep offers the free places
    db.session.expire_all()
    entries = {entry.user_id: entry.status for entry in db.session.scalars(select(WaitingEntry))}
    assert entries == {user.id: "waiting", participant.id: "offered"}
    # Even an offer made earlier is refused, with the reason, and nothing changes.
    db.session.get(WaitingEntry, queued.id).status = "offered"
    db.session.commit()
    refused = client.post(f"/groups/waiting/{queued.id}", data={"answer": "join"}, follow_redirects=True)
    assert "Groups are for participants only" in refused.get_data(as_text=True)
    _assert_outside(client, user, group)
    assert db.session.get(Group, group.id).seats_taken == 1


@pytest.mark.parametrize("kind", sorted(REFUSED_KINDS))
def test_a_coordinator_cannot_make_them_first_leaders(app, login, make_user, world, kind):
    user, _client = _walker(app, login, make_user, kind)
    coordinator_client = app.test_client()
    login(coordinator_client, world["coordinator"])
    fields = {"name": "Onsdagsgruppa", "purpose": "A place for mothers in LAR to share and support.",
              "kind": "self_help", "capacity": 8, "intake": "closed", "meeting_minutes": 90,
              "chat_retention_days": "30", "consent_method": "majority", "objection_days": 7}
    named = coordinator_client.post("/groups/new", data={**fields, "leader_usernames": user.username})
    assert named.status_code == 200 and "we do not say which one or why" in named.get_data(as_text=True)
    picked = coordinator_client.post("/groups/new", data={**fields, "leaders": [user.id]})
    assert picked.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Group)) == 1
    assert _membership_rows(user) == 0


@pytest.mark.parametrize("kind", sorted(REFUSED_KINDS))
def test_a_leader_cannot_promote_them(app, login, make_user, world, kind):
    group, leader_client = world["group"], world["leader_client"]
    user, client = _walker(app, login, make_user, kind)
    # A row left from before the account gained its kind: it grants nothing and cannot be promoted.
    db.session.add(Membership(group_id=group.id, user_id=user.id, role="member", accepted_rules_version=1))
    db.session.commit()
    page = leader_client.post(f"/groups/{group.id}/members/{user.id}/leader", follow_redirects=True)
    assert "Groups are for participants only" in page.get_data(as_text=True)
    db.session.expire_all()
    assert group.membership_of(user.id).role == "member"
    for path in GROUP_PAGES + [f"/chat/{channel_for_group(group).id}"]:
        assert client.get(path.format(g=group.id)).status_code == 404, path


def test_a_participant_is_promoted(app, login, make_user, make_group, world):
    group, leader_client = world["group"], world["leader_client"]
    member = make_user()
    db.session.add(Membership(group_id=group.id, user_id=member.id, role="member", accepted_rules_version=1))
    db.session.commit()
    leader_client.post(f"/groups/{group.id}/members/{member.id}/leader")
    db.session.expire_all()
    assert group.membership_of(member.id).role == "leader"


def test_refusals_are_in_norwegian_too(app, login, make_user, world):
    path = _new_link(world["leader_client"], world["group"])
    _user, client = _walker(app, login, make_user, "coordinator")
    client.post("/language", data={"locale": "nb"})
    text = client.get(path).get_data(as_text=True)
    assert "Grupper er bare for deltakere" in text and "Groups are for participants only" not in text


@pytest.mark.parametrize("kind", ["admin", "coordinator", "professional", "time_giver"])
def test_the_service_refuses_them_joining_or_declining_a_link(app, make_user, world, kind):
    from aftercare.exceptions import PermissionDenied
    from aftercare.groups import services

    _invitation, token = services.invite_by_link(world["leader"], world["group"])
    spec = dict(REFUSED_KINDS[kind])
    user = make_user(spec.pop("roles"), **spec)
    with pytest.raises(PermissionDenied, match="Groups are for participants only"):
        services.check_group_invitation(token, user)
    invitation = services.check_group_invitation(token)
    for join in (True, False):
        with pytest.raises(PermissionDenied, match="Groups are for participants only"):
            services.respond_to_invitation(user, invitation, join)
    db.session.refresh(invitation)
    assert invitation.used_at is None and invitation.declined_at is None and _membership_rows(user) == 0
