"""The access rules as a role × action matrix. Pure: plain objects, no app or database."""
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from aftercare import policy
from aftercare.accounts.models import Role
from aftercare.timeutil import utcnow


def person(*roles, user_id=1, verified=True, disabled=False):
    return SimpleNamespace(
        id=user_id, roles=frozenset(Role(r) for r in roles), is_authenticated=True, is_active=not disabled,
        professional_verified_at=utcnow() if verified else None)


ACTORS = {
    "anonymous": AnonymousUserMixin(),
    "participant": person("participant"),
    "time_giver": person("time_giver"),
    "coordinator": person("coordinator"),
    "professional": person("professional"),
    "unverified_professional": person("professional", verified=False),
    "admin": person("admin"),
    "disabled_admin": person("admin", disabled=True),
    "participant_and_coordinator": person("participant", "coordinator"),
}

OTHER_PROFESSIONAL = person("professional", user_id=99, verified=False)
OTHER_PERSON = person("participant", user_id=98)

ACTIONS = {
    "manage_accounts": lambda u: policy.can_manage_accounts(u),
    "create_invitation": lambda u: policy.can_create_invitation(u),
    "change_kinds_of_other": lambda u: policy.can_change_roles_of(u, OTHER_PERSON),
    "verify_professional": lambda u: policy.can_verify_professional(u, OTHER_PROFESSIONAL),
    "disable_other_account": lambda u: policy.can_disable_account(u, OTHER_PERSON),
    "edit_helplines": lambda u: policy.can_edit_helplines(u),
    "professional_powers": lambda u: policy.has_professional_powers(u),
    "delete_own_account": lambda u: policy.can_delete_account(u, u),
    "delete_other_account": lambda u: policy.can_delete_account(u, OTHER_PERSON),
    "end_own_login": lambda u: policy.can_end_login_session(u, SimpleNamespace(user_id=getattr(u, "id", None))),
    "end_other_login": lambda u: policy.can_end_login_session(u, SimpleNamespace(user_id=98)),
    "is_self": lambda u: policy.is_person(u, getattr(u, "id", None)),
    "is_other_person": lambda u: policy.is_person(u, OTHER_PERSON.id),
}

ADMIN_ONLY = {"manage_accounts", "create_invitation", "change_kinds_of_other", "verify_professional",
              "disable_other_account", "edit_helplines"}
OWN = {"delete_own_account", "end_own_login", "is_self"}
NOBODY = {"delete_other_account", "end_other_login", "is_other_person"}


def expected(actor, action):
    signed_in = actor not in ("anonymous", "disabled_admin")
    if action in ADMIN_ONLY:
        return actor == "admin"
    if action in OWN:
        return signed_in
    if action in NOBODY:
        return False
    if action == "professional_powers":
        return actor == "professional"
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_matrix(actor, action):
    assert ACTIONS[action](ACTORS[actor]) is expected(actor, action)


def test_policies_are_registered_as_template_tests(app):
    assert "can_manage_accounts" in app.jinja_env.tests
    assert "has_professional_powers" in app.jinja_env.tests


# --- referrals, audit and data rights ---

def _referral(created_by_id=1, owner_id=None, note="wants a group"):
    return SimpleNamespace(created_by_id=created_by_id, owner_id=owner_id, note=note)


RIGHTS_ACTIONS = {
    "create_referral": lambda u: policy.can_create_referral(u),
    "professional_home": lambda u: policy.can_see_professional_home(u),
    "professional_home_as_home_page": lambda u: policy.is_professional_only(u),
    "see_own_referral_as_referrer": lambda u: policy.can_see_referral_as_referrer(u, _referral(created_by_id=1)),
    "see_others_referral_as_referrer": lambda u: policy.can_see_referral_as_referrer(u, _referral(created_by_id=99)),
    "redeem_referral": lambda u: policy.can_redeem_referral(u),
    "own_redeemed_referral": lambda u: policy.can_own_referral(u, _referral(created_by_id=99, owner_id=1)),
    "own_someone_elses_referral": lambda u: policy.can_own_referral(u, _referral(owner_id=98)),
    "list_referral_notes": lambda u: policy.can_list_referral_notes(u),
    "read_redeemed_note": lambda u: policy.can_read_referral_note(u, _referral(created_by_id=99, owner_id=98)),
    "read_unredeemed_note": lambda u: policy.can_read_referral_note(u, _referral(created_by_id=99)),
    "read_deleted_note": lambda u: policy.can_read_referral_note(u, _referral(owner_id=98, note=None)),
    "see_own_audit_log": lambda u: policy.can_see_own_audit_log(u),
    "export_own_data": lambda u: policy.can_export_data(u, u),
    "export_others_data": lambda u: policy.can_export_data(u, OTHER_PERSON),
}


def rights_expected(actor, action):
    signed_in = actor not in ("anonymous", "disabled_admin")
    coordinator = actor in ("coordinator", "participant_and_coordinator")
    if action in ("create_referral", "professional_home", "professional_home_as_home_page",
                  "see_own_referral_as_referrer"):
        return actor == "professional"
    if action == "redeem_referral":
        return not signed_in
    if action in ("own_redeemed_referral", "see_own_audit_log", "export_own_data"):
        return signed_in
    if action in ("list_referral_notes", "read_redeemed_note"):
        return coordinator
    if action in ("see_others_referral_as_referrer", "own_someone_elses_referral", "read_unredeemed_note",
                  "read_deleted_note", "export_others_data"):
        return False
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(RIGHTS_ACTIONS))
@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_rights_matrix(actor, action):
    assert RIGHTS_ACTIONS[action](ACTORS[actor]) is rights_expected(actor, action)


def test_coordinator_cannot_read_own_referral_note_through_the_coordinator_door():
    coordinator = ACTORS["coordinator"]
    assert not policy.can_read_referral_note(coordinator, _referral(created_by_id=99, owner_id=coordinator.id))
# --- two-factor sign-in ---

TWO_FACTOR_REQUIRED = {"coordinator", "professional", "admin", "participant_and_coordinator"}


@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_who_must_use_two_factor(actor):
    user = ACTORS[actor]
    assert policy.must_use_two_factor(user) is (actor in TWO_FACTOR_REQUIRED)
    signed_in_optional = actor not in TWO_FACTOR_REQUIRED and actor not in ("anonymous", "disabled_admin")
    assert policy.can_turn_off_two_factor(user) is signed_in_optional


@pytest.mark.parametrize("actor", ["coordinator", "professional", "admin"])
def test_required_people_are_blocked_only_until_they_set_it_up(actor):
    user = ACTORS[actor]
    assert policy.is_blocked_until_two_factor(SimpleNamespace(**vars(user), has_two_factor=False))
    assert not policy.is_blocked_until_two_factor(SimpleNamespace(**vars(user), has_two_factor=True))


def test_optional_people_are_never_blocked_without_two_factor():
    for actor in ("participant", "time_giver", "unverified_professional"):
        assert not policy.is_blocked_until_two_factor(SimpleNamespace(**vars(ACTORS[actor]), has_two_factor=False))


@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_only_admins_reset_someone_elses_two_factor(actor):
    user = ACTORS[actor]
    assert policy.can_reset_two_factor(user, OTHER_PERSON) is (actor == "admin")
    if actor != "anonymous":
        assert not policy.can_reset_two_factor(user, user)
# --- meetings ---

def _meetings_world(cancelled=False, started=False, over=False):
    from datetime import timedelta

    now = utcnow()
    memberships = {
        10: SimpleNamespace(user_id=10, status="active", role="leader", accepted_rules_version=1,
                            is_leader=True),
        11: SimpleNamespace(user_id=11, status="active", role="member", accepted_rules_version=1,
                            is_leader=False),
        12: SimpleNamespace(user_id=12, status="left", role="member", accepted_rules_version=1, is_leader=False),
    }
    group = SimpleNamespace(membership_of=memberships.get, is_closed=False, closed_at=None, rules_version=1,
                            created_by_id=20, records_attendance=True)
    starts = now - timedelta(minutes=10) if started or over else now + timedelta(days=1)
    ends = now - timedelta(minutes=1) if over else starts + timedelta(hours=1)
    meeting = SimpleNamespace(group=group, is_cancelled=cancelled, starts_at=starts, ends_at=ends,
                              has_started=lambda now=None: (now or utcnow()) >= starts,
                              is_over=lambda now=None: (now or utcnow()) >= ends,
                              feedback_closed=lambda now=None: (now or utcnow()) >= ends + timedelta(hours=48))
    people = {"leader": person("participant", user_id=10), "member": person("participant", user_id=11),
              "former": person("participant", user_id=12), "outsider": person("participant", user_id=13),
              "coordinator": person("coordinator", user_id=20), "admin": person("admin", user_id=21),
              "professional": person("professional", user_id=22), "anonymous": AnonymousUserMixin()}
    return people, group, meeting


MEETING_ACTIONS = {
    "view": lambda u, g, m: policy.can_view_meetings(u, g),
    "schedule": lambda u, g, m: policy.can_schedule_meetings(u, g),
    "attendance": lambda u, g, m: policy.can_record_attendance(u, g),
    "propose_topic": lambda u, g, m: policy.can_propose_agenda_item(u, m),
    "vote_topic": lambda u, g, m: policy.can_vote_agenda_item(u, m),
    "order_agenda": lambda u, g, m: policy.can_order_agenda(u, m),
    "give_notice": lambda u, g, m: policy.can_give_notice(u, m),
    "write_log_unassigned": lambda u, g, m: policy.can_write_log(u, m, SimpleNamespace(recorder_id=None)),
    "write_log_as_recorder": lambda u, g, m: policy.can_write_log(u, m, SimpleNamespace(recorder_id=11)),
    "assign_recorder": lambda u, g, m: policy.can_assign_recorder(u, m),
    "request_removal": lambda u, g, m: policy.can_request_removal(u, g),
    "see_feedback": lambda u, g, m: policy.can_see_feedback(u, g),
    "propose_guest": lambda u, g, m: policy.can_propose_guest(u, m),
    "see_reason_of_member": lambda u, g, m: policy.can_see_absence_reason(u, SimpleNamespace(user_id=11), g),
}
LEADERS_ONLY = {"schedule", "attendance", "order_agenda", "write_log_unassigned", "assign_recorder", "see_feedback"}


@pytest.mark.parametrize("action", sorted(MEETING_ACTIONS))
@pytest.mark.parametrize("actor", ["leader", "member", "former", "outsider", "coordinator", "admin",
                                   "professional", "anonymous"])
def test_meetings_matrix(actor, action):
    people, group, meeting = _meetings_world()
    # Everything else (writing as the chosen recorder) is for that member and the leaders.
    want = actor == "leader" if action in LEADERS_ONLY else actor in ("leader", "member")
    assert MEETING_ACTIONS[action](people[actor], group, meeting) is want


def test_meeting_state_limits_what_members_do():
    from datetime import timedelta

    people, _group, cancelled = _meetings_world(cancelled=True)
    member = people["member"]
    assert not policy.can_propose_agenda_item(member, cancelled)
    assert not policy.can_give_notice(member, cancelled)
    assert not policy.can_give_feedback(member, cancelled)
    assert not policy.can_order_agenda(people["leader"], cancelled)
    people, _group, started = _meetings_world(started=True)
    assert policy.can_give_notice(member, started)  # recorded as late notice
    assert policy.can_give_feedback(member, started)
    assert not policy.can_propose_guest(member, started)
    people, _group, over = _meetings_world(over=True)
    assert not policy.can_give_notice(member, over)
    assert not policy.can_propose_agenda_item(member, over)
    assert policy.can_give_feedback(member, over)
    assert not policy.can_give_feedback(member, over, over.ends_at + timedelta(hours=48))  # feedback closed
    assert not policy.can_give_feedback(people["outsider"], over)
    _people, _group, coming = _meetings_world()
    assert not policy.can_give_feedback(member, coming)


# --- the group's pages: what each person sees of the members list, the rules and the votes ---

def _pages_world():
    """The meetings world after the rules changed (version 2), with a proposal and an agenda item each
    carrying the member's vote."""
    people, group, meeting = _meetings_world()
    group.rules_version = 2
    for membership in (group.membership_of(10), group.membership_of(11)):
        membership.accepted_rules_version = 2 if membership.user_id == 10 else 1
    proposal = SimpleNamespace(votes=[SimpleNamespace(user_id=11, choice="yes")])
    item = SimpleNamespace(votes=[SimpleNamespace(user_id=11)])
    return people, group, proposal, item


PAGE_ACTIONS = {
    "remove_the_member": lambda u, g, p, i: policy.can_remove_member(u, g, g.membership_of(11)),
    "remove_the_leader": lambda u, g, p, i: policy.can_remove_member(u, g, g.membership_of(10)),
    "remove_a_former_member": lambda u, g, p, i: policy.can_remove_member(u, g, g.membership_of(12)),
    "remove_nobody": lambda u, g, p, i: policy.can_remove_member(u, g, None),
    "must_accept_the_new_rules": lambda u, g, p, i: policy.must_accept_rules(u, g),
    "has_voted_on_the_proposal": lambda u, g, p, i: policy.has_voted(u, p),
    "has_voted_yes": lambda u, g, p, i: policy.has_voted(u, p, "yes"),
    "has_voted_no": lambda u, g, p, i: policy.has_voted(u, p, "no"),
    "has_upvoted_the_topic": lambda u, g, p, i: policy.has_voted(u, i),
    "is_the_member": lambda u, g, p, i: policy.is_person(u, 11),
}
# Who gets a yes; everyone else (the leader included where it is not listed) gets a no.
PAGE_YES = {
    "remove_the_member": {"leader"},  # a leader removes others, never themselves
    "remove_the_leader": set(), "remove_a_former_member": set(), "remove_nobody": set(),
    "must_accept_the_new_rules": {"member"},  # the leader accepted version 2, the former member is gone
    "has_voted_on_the_proposal": {"member"}, "has_voted_yes": {"member"}, "has_voted_no": set(),
    "has_upvoted_the_topic": {"member"}, "is_the_member": {"member"},
}


@pytest.mark.parametrize("action", sorted(PAGE_ACTIONS))
@pytest.mark.parametrize("actor", ["leader", "member", "former", "outsider", "coordinator", "admin",
                                   "professional", "anonymous"])
def test_group_pages_matrix(actor, action):
    people, group, proposal, item = _pages_world()
    assert PAGE_ACTIONS[action](people[actor], group, proposal, item) is (actor in PAGE_YES[action])


def test_a_leader_removes_nobody_once_the_group_has_closed():
    people, group, _proposal, _item = _pages_world()
    group.is_closed = True
    assert not policy.can_remove_member(people["leader"], group, group.membership_of(11))


def test_the_page_rules_are_template_tests(app):
    assert {"can_remove_member", "must_accept_rules", "has_voted", "is_person"} <= set(app.jinja_env.tests)


def test_only_verified_professionals_see_guest_invitations():
    assert policy.can_see_guest_invitations(ACTORS["professional"])
    for actor in ("unverified_professional", "participant", "coordinator", "admin", "anonymous"):
        assert not policy.can_see_guest_invitations(ACTORS[actor])


# --- guest professionals: the rules decide on the visit the service loaded ---

GUEST_ID, OWN_MEETING, OTHER_MEETING = 22, 7, 8


def _guest_world(moment="during", meeting_now=OWN_MEETING, cancelled=False):
    from datetime import timedelta

    now = utcnow()
    member = SimpleNamespace(user_id=11, status="active", role="member", accepted_rules_version=1, is_leader=False)
    group = SimpleNamespace(id=5, membership_of={11: member}.get, is_closed=False, closed_at=None, rules_version=1)
    starts = now + {"before": timedelta(minutes=16), "early": timedelta(minutes=14), "during": -timedelta(minutes=30),
                    "after": -timedelta(minutes=91)}[moment]
    meeting = SimpleNamespace(id=OWN_MEETING, group_id=group.id, group=group, starts_at=starts,
                              ends_at=starts + timedelta(minutes=90), is_cancelled=cancelled)
    visit = SimpleNamespace(professional_id=GUEST_ID, meeting=meeting, now=now, meeting_now_id=meeting_now)
    channel = SimpleNamespace(kind="group", group=group, closed_at=None)
    return group, meeting, visit, channel


GUEST_ACTORS = {
    "guest": person("professional", user_id=GUEST_ID),
    "unverified_guest": person("professional", user_id=GUEST_ID, verified=False),
    "other_professional": person("professional", user_id=23),
    "member": person("participant", user_id=11),
    "outsider": person("participant", user_id=13),
    "admin": person("admin", user_id=GUEST_ID),
    "anonymous": AnonymousUserMixin(),
}
MOMENTS = ["before", "early", "during", "after", "cancelled"]


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("actor", sorted(GUEST_ACTORS))
def test_guest_matrix(actor, moment):
    """Only the adopted professional, inside the window of a meeting that is not cancelled, reads the chat;
    members read it whatever the visit says; nobody else is let in by someone else's visit."""
    user = GUEST_ACTORS[actor]
    group, meeting, visit, channel = _guest_world("during" if moment == "cancelled" else moment,
                                                  cancelled=moment == "cancelled")
    in_window = actor == "guest" and moment in ("early", "during")
    assert policy.is_guest_in_window(user, group, visit) is in_window
    assert policy.is_guest_of_meeting(user, meeting, visit) is in_window
    assert policy.can_read_channel(user, channel, visit) is (in_window or actor == "member")
    assert policy.can_read_group_chat(user, group, visit) is (in_window or actor == "member")
    assert policy.can_post_in_channel(user, channel, visit) is (in_window or actor == "member")
    assert policy.can_read_channel(user, channel) is (actor == "member")  # no visit, no guest


@pytest.mark.parametrize("meeting_now, may_post", [(OWN_MEETING, True), (OTHER_MEETING, False), (None, False)])
def test_a_guest_writes_only_into_their_own_meeting(meeting_now, may_post):
    """While another meeting's live session is open, or once theirs has closed, what is posted is not their
    meeting's: the guest still reads (their meeting's messages) but does not write, nor raise a hand."""
    guest = GUEST_ACTORS["guest"]
    group, _meeting, visit, channel = _guest_world(meeting_now=meeting_now)
    assert policy.can_read_channel(guest, channel, visit)
    assert policy.can_post_as_guest(guest, group, visit) is may_post
    assert policy.can_post_in_channel(guest, channel, visit) is may_post
    assert policy.can_take_part_in_live(guest, channel, visit) is may_post
    member = GUEST_ACTORS["member"]
    assert policy.can_post_in_channel(member, channel, visit)  # members are not bound by a guest's meeting


@pytest.mark.parametrize("message_meeting, seen", [(OWN_MEETING, True), (OTHER_MEETING, False), (None, False)])
def test_a_guest_reads_their_own_meetings_messages_only(message_meeting, seen):
    guest = GUEST_ACTORS["guest"]
    _group, _meeting, visit, _channel = _guest_world()
    message = SimpleNamespace(meeting_id=message_meeting)
    assert policy.can_read_as_guest(guest, visit, message) is seen
    assert not policy.can_read_as_guest(GUEST_ACTORS["other_professional"], visit, message)
    assert not policy.can_read_as_guest(guest, None, message)


def test_the_guest_window_opens_a_quarter_hour_early_and_closes_at_the_end():
    _group, meeting, _visit, _channel = _guest_world()
    start, end = policy.guest_window(meeting)
    assert meeting.starts_at - start == policy.GUEST_EARLY and end == meeting.ends_at


def test_a_visit_for_another_group_or_a_former_member_lets_nobody_in():
    guest = GUEST_ACTORS["guest"]
    group, _meeting, visit, channel = _guest_world()
    elsewhere = SimpleNamespace(**{**vars(group), "id": 6})
    assert not policy.is_guest_in_window(guest, elsewhere, visit)
    former = SimpleNamespace(user_id=GUEST_ID, status="left", role="member", accepted_rules_version=1,
                             is_leader=False)
    group.membership_of = {GUEST_ID: former}.get  # someone who was in the group is not let back as a guest
    assert not policy.can_read_channel(guest, channel, visit)


# --- who may be in a group, and who changes account kinds ---

MEMBERSHIP_ACTORS = {
    "anonymous": AnonymousUserMixin(),
    "participant": person("participant"),
    "disabled_participant": person("participant", disabled=True),
    "time_giver": person("time_giver"),
    "participant_and_time_giver": person("participant", "time_giver"),
    "coordinator": person("coordinator"),
    "participant_and_coordinator": person("participant", "coordinator"),
    "professional": person("professional"),
    "unverified_professional": person("professional", verified=False),
    "participant_and_professional": person("participant", "professional"),
    "participant_and_unverified_professional": person("participant", "professional", verified=False),
    "admin": person("admin"),
    "participant_and_admin": person("participant", "admin"),
    "admin_and_coordinator": person("admin", "coordinator"),
}
# Only these may ever be members or leaders: a participant holding no admin, coordinator or professional kind.
MAY_BE_MEMBER = {"participant", "participant_and_time_giver"}


def _group_with_row_for(user):
    """A group in which `user` has an active membership row (as if left from before a kind changed)."""
    row = SimpleNamespace(user_id=1, status="active", role="leader", accepted_rules_version=1, is_leader=True)
    return SimpleNamespace(membership_of={1: row}.get, is_closed=False, closed_at=None, rules_version=1,
                           created_by_id=20), row


MEMBERSHIP_ACTIONS = {
    "may_be_group_member": lambda u: policy.may_be_group_member(u),
    "join_groups": lambda u: policy.can_join_groups(u),
    "be_made_leader": lambda u: policy.can_be_made_leader(u, _group_with_row_for(u)[1]),
    "view_group_through_a_row": lambda u: policy.can_view_group(u, _group_with_row_for(u)[0]),
    "post_through_a_row": lambda u: policy.can_post(u, _group_with_row_for(u)[0]),
    "lead_through_a_row": lambda u: policy.can_manage_group(u, _group_with_row_for(u)[0]),
}


@pytest.mark.parametrize("action", sorted(MEMBERSHIP_ACTIONS))
@pytest.mark.parametrize("actor", sorted(MEMBERSHIP_ACTORS))
def test_membership_matrix(actor, action):
    assert MEMBERSHIP_ACTIONS[action](MEMBERSHIP_ACTORS[actor]) is (actor in MAY_BE_MEMBER), (actor, action)


def test_may_be_group_member_is_registered_for_templates(app):
    assert "may_be_group_member" in app.jinja_env.tests


def test_a_former_leader_cannot_be_made_leader_again_without_an_active_row():
    left = SimpleNamespace(status="left")
    assert not policy.can_be_made_leader(MEMBERSHIP_ACTORS["participant"], left)
    assert not policy.can_be_made_leader(MEMBERSHIP_ACTORS["participant"], None)


@pytest.mark.parametrize("actor", sorted(MEMBERSHIP_ACTORS))
def test_nobody_changes_their_own_kinds(actor):
    user = MEMBERSHIP_ACTORS[actor]
    is_admin = actor in ("admin", "participant_and_admin", "admin_and_coordinator")
    assert policy.can_change_roles_of(user, user) is False
    assert policy.can_change_roles_of(user, OTHER_PERSON) is is_admin
