"""Who may do what: pure yes/no functions, the only place access rules live.

Every function takes the acting user first (possibly anonymous) and returns a bool.
Services enforce them, views use them for early 404/403, templates use them as Jinja tests.
"""
from .accounts.models import Role


def _roles(user):
    """The account kinds that count for this user: none when anonymous or disabled."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    return user.roles


def is_signed_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and getattr(user, "is_active", False))


def is_admin(user):
    return Role.ADMIN in _roles(user)


def is_coordinator(user):
    return Role.COORDINATOR in _roles(user)


def is_participant(user):
    return Role.PARTICIPANT in _roles(user)


def is_time_giver(user):
    return Role.TIME_GIVER in _roles(user)


def has_professional_powers(user):
    """A professional acts as one only once an admin has verified them."""
    return Role.PROFESSIONAL in _roles(user) and user.professional_verified_at is not None


# --- platform administration (admins only; none of it reaches personal content) ---

def can_manage_accounts(user):
    return is_admin(user)


def can_create_invitation(user):
    return is_admin(user)


def can_grant_role(user, role):
    """Admins grant every kind; nobody grants kinds to themselves through another route."""
    return is_admin(user) and Role(role) in Role


def can_change_roles_of(user, account):
    """An admin cannot take away their own admin kind by accident (see services)."""
    return is_admin(user)


def can_verify_professional(user, account):
    return is_admin(user) and Role.PROFESSIONAL in account.roles


def can_disable_account(user, account):
    return is_admin(user) and account.id != user.id


def can_edit_helplines(user):
    return is_admin(user)


# --- one's own account ---

def can_edit_account(user, account):
    return is_signed_in(user) and account.id == user.id


def can_end_login_session(user, login_session):
    return is_signed_in(user) and login_session.user_id == user.id


def can_delete_account(user, account):
    return is_signed_in(user) and account.id == user.id


def all_policies():
    """Name → function, for registering as Jinja tests."""
    return {
        name: fn for name, fn in globals().items()
        if callable(fn) and (name.startswith("can_") or name.startswith("is_") or name.startswith("has_"))
        and fn.__module__ == __name__
    }


# --- chat ---

def _in_pair(user, channel):
    return is_signed_in(user) and user.id in (channel.pair_a_id, channel.pair_b_id)


def can_read_channel(user, channel):
    """Group channel: what the group's rules say (members; a guest inside their window).
    Pair channel: its two people only."""
    if channel is None or not is_signed_in(user):
        return False
    if channel.kind == "pair":
        return _in_pair(user, channel)
    return can_read_group_chat(user, channel.group)


def can_post_in_channel(user, channel):
    if not can_read_channel(user, channel) or channel.closed_at is not None:
        return False
    if channel.kind == "pair":
        return True
    return can_post_in_group_chat(user, channel.group)


def can_react_in_channel(user, channel):
    return can_read_channel(user, channel) and channel.closed_at is None


def can_report_in_channel(user, channel):
    return channel.kind == "group" and can_read_channel(user, channel)


def can_moderate_channel(user, channel):
    """The group's own leaders moderate its chat; nobody moderates a private pair channel."""
    return channel.kind == "group" and can_moderate_group_chat(user, channel.group)


# --- groups ---

def _membership(user, group):
    if group is None or not is_signed_in(user):
        return None
    return group.membership_of(user.id)


def _within_reading_time(group, now=None):
    from datetime import timedelta

    from .timeutil import utcnow

    return group.closed_at is not None and \
        (now or utcnow()) < group.closed_at + timedelta(days=group.readable_days_after_close)


def can_create_group(user):
    return is_coordinator(user)


def can_view_group(user, group):
    """Members see their group; after it closes, its members at that time may read it for a while.
    Everyone else — admins, coordinators, professionals included — is told it does not exist."""
    membership = _membership(user, group)
    if membership is None or membership.status != "active":
        return False
    return not group.is_closed or _within_reading_time(group)


def can_see_group_summary(user, group):
    """The coordinator who set a group up sees its name, size, phase and leaders — never its content."""
    return is_coordinator(user) and group is not None and group.created_by_id == user.id


def is_group_leader(user, group):
    membership = _membership(user, group)
    return membership is not None and membership.is_leader


def can_manage_group(user, group):
    return is_group_leader(user, group) and not group.is_closed


def can_manage_members(user, group):
    return can_manage_group(user, group)


def can_change_phase(user, group):
    return can_manage_group(user, group)


def has_accepted_rules(user, group):
    membership = _membership(user, group)
    return membership is not None and membership.accepted_rules_version >= group.rules_version


def can_post(user, group):
    """Taking part (posting, proposing, voting) needs an active membership in an open group and
    acceptance of the current version of the rules."""
    membership = _membership(user, group)
    return (membership is not None and membership.status == "active" and not group.is_closed
            and membership.accepted_rules_version >= group.rules_version)


def can_propose_rule(user, group):
    return can_post(user, group)


def can_vote(user, group):
    return can_post(user, group)


def can_read_group_chat(user, group):
    """Members; and a guest professional inside their meeting's window (from that window's start only)."""
    return can_view_group(user, group) or (_membership(user, group) is None and is_guest_in_window(user, group))


def can_post_in_group_chat(user, group):
    return can_post(user, group) or (_membership(user, group) is None and is_guest_in_window(user, group))


def can_moderate_group_chat(user, group):
    return can_manage_group(user, group)

# --- time-givers and matching ---

def _is(user, user_id):
    return is_signed_in(user) and user_id is not None and user.id == user_id


def can_apply_as_time_giver(user):
    """Time-givers are ordinary people, not employed in substance-use care: any signed-in person
    may offer their time except professionals and coordinators."""
    roles = _roles(user)
    return is_signed_in(user) and Role.PROFESSIONAL not in roles and Role.COORDINATOR not in roles


def can_edit_time_giver_profile(user, time_giver):
    """Only the volunteer edits their own application or profile, until it is declined or retired."""
    return _is(user, time_giver.user_id) and time_giver.state not in ("declined", "retired")


def can_vet(user):
    """Coordinators vet volunteers and run matching."""
    return is_coordinator(user)


def can_vet_time_giver(user, time_giver):
    """A coordinator vets every volunteer but never themselves."""
    return is_coordinator(user) and time_giver.user_id != user.id


def can_change_time_giver_state(user, time_giver):
    """Pausing, resuming and stepping down: the time-giver themselves or a coordinator."""
    return _is(user, time_giver.user_id) or can_vet_time_giver(user, time_giver)


def can_ask_for_time_giver(user):
    return is_participant(user)


def can_view_own_request(user, time_giver_request):
    return _is(user, time_giver_request.participant_id)


def can_withdraw_request(user, time_giver_request):
    """The participant may withdraw while it waits or a proposal is open (a match is ended instead)."""
    return _is(user, time_giver_request.participant_id) and time_giver_request.can_be_withdrawn


def can_view_request_for_matching(user, time_giver_request):
    """A coordinator sees a request (only what the participant shared), never their own."""
    return is_coordinator(user) and time_giver_request.participant_id != user.id


def can_propose(user, time_giver_request, time_giver):
    """Nobody is proposed to themselves, and a coordinator does not match themselves."""
    return (can_view_request_for_matching(user, time_giver_request) and time_giver.user_id != user.id
            and time_giver.user_id != time_giver_request.participant_id)


def can_withdraw_proposal(user, proposal):
    return can_view_request_for_matching(user, proposal.request) and proposal.is_pending


def can_respond_to_proposal(user, proposal):
    """The participant answers first; the time-giver sees the proposal only after the participant said yes."""
    if proposal.awaits_participant:
        return _is(user, proposal.request.participant_id)
    if proposal.awaits_time_giver:
        return _is(user, proposal.time_giver.user_id)
    return False


def is_in_match(user, match):
    return _is(user, match.participant_id) or _is(user, match.time_giver_user_id)


def can_view_match(user, match):
    """Only the pair; the coordinator sees matches only in the follow-up list, never their page."""
    return is_in_match(user, match)


def can_log_meetup(user, match):
    return is_in_match(user, match) and match.is_active


def can_end_match(user, match):
    """Either side, at any time, without giving a reason."""
    return is_in_match(user, match) and match.is_active


def can_check_in(user, match):
    return is_in_match(user, match) and match.is_active


def can_follow_up_matches(user):
    return is_coordinator(user)


# --- live meetings in the chat ---

def is_group_leader_id(user_id, group):
    membership = group.membership_of(user_id) if group is not None and user_id is not None else None
    return membership is not None and membership.is_leader


def can_take_part_in_live(user, channel):
    """Raising a hand is taking part: the same as posting in the group's chat."""
    return channel.kind == "group" and can_post_in_channel(user, channel)


def may_write_during_live(user, channel, live):
    """With the group's floor rule on, only the person with the floor and the leaders write while a
    meeting is live; everyone can still react."""
    if live is None or channel.kind != "group" or not channel.group.floor_only_in_meetings:
        return True
    return is_group_leader(user, channel.group) or live.floor_user_id == user.id


# --- referrals, audit and data rights ---

def can_create_referral(user):
    """Only a verified professional refers people before discharge."""
    return has_professional_powers(user)


def can_see_professional_home(user):
    return has_professional_powers(user)


def can_see_referral_as_referrer(user, referral):
    """The professional who made it sees its status only (never who used it)."""
    return has_professional_powers(user) and referral is not None and referral.created_by_id == user.id


def can_redeem_referral(user):
    """A referral makes a new account: only someone not signed in redeems one."""
    return not is_signed_in(user)


def can_own_referral(user, referral):
    """Once redeemed, the referral belongs to the person who redeemed it."""
    return is_signed_in(user) and referral is not None and referral.owner_id == user.id


def can_list_referral_notes(user):
    return is_coordinator(user)


def can_read_referral_note(user, referral):
    """Coordinators read the note of a redeemed referral so they can help, until its owner deletes it."""
    return (is_coordinator(user) and referral is not None and referral.owner_id is not None
            and referral.owner_id != user.id and bool(referral.note))


def can_see_own_audit_log(user):
    return is_signed_in(user)


def can_export_data(user, account):
    return is_signed_in(user) and account is not None and account.id == user.id
# --- two-factor sign-in ---

def must_use_two_factor(user):
    """Coordinators, verified professionals and admins must sign in with a second factor."""
    return is_coordinator(user) or is_admin(user) or has_professional_powers(user)


def can_turn_off_two_factor(user):
    """Only people for whom two-factor sign-in is optional may turn it off."""
    return is_signed_in(user) and not must_use_two_factor(user)


def is_blocked_until_two_factor(user):
    """A person who must use two-factor sign-in but has not set it up may only set it up."""
    return must_use_two_factor(user) and not user.has_two_factor


def can_reset_two_factor(user, account):
    """An admin may reset another person's two-factor sign-in (lost phone and codes), never read it."""
    return is_admin(user) and account.id != user.id
# --- meetings ---
# Everything about a group's meetings is for its members (leaders schedule and record); the
# coordinator and admins see none of it, like the rest of the group's content.

def can_view_meetings(user, group):
    return can_view_group(user, group)


def can_schedule_meetings(user, group):
    return can_manage_group(user, group)


def can_record_attendance(user, group):
    return can_manage_group(user, group)


def can_propose_agenda_item(user, meeting):
    """Any member who takes part may propose topics, until the meeting ends; never on a cancelled one."""
    return can_post(user, meeting.group) and not meeting.is_cancelled and not meeting.is_over()


def can_vote_agenda_item(user, meeting):
    return can_propose_agenda_item(user, meeting)


def can_order_agenda(user, meeting):
    return can_manage_group(user, meeting.group) and not meeting.is_cancelled


def can_give_notice(user, meeting):
    """Notice of absence or an RSVP: members, on meetings that are not cancelled and not over."""
    return can_post(user, meeting.group) and not meeting.is_cancelled and not meeting.is_over()


def can_see_absence_reason(user, attendance, group):
    """The member who gave notice and the group's leaders; everyone else sees only that notice was given."""
    return _is(user, attendance.user_id) or is_group_leader(user, group)


def has_calendar_feed_access(user):
    return is_signed_in(user)


def can_write_log(user, meeting, log):
    """The recorder the leader picked, and the group's leaders."""
    group = meeting.group
    if not can_view_group(user, group) or group.is_closed:
        return False
    return is_group_leader(user, group) or (log is not None and _is(user, log.recorder_id)
                                            and can_post(user, group))


def can_assign_recorder(user, meeting):
    return can_manage_group(user, meeting.group) and not meeting.is_cancelled


def can_request_removal(user, group):
    return can_post(user, group)


def can_give_feedback(user, meeting, now=None):
    """Members, once the meeting has started; never on a cancelled one."""
    return can_post(user, meeting.group) and not meeting.is_cancelled and meeting.has_started(now)


def can_see_feedback(user, group):
    return is_group_leader(user, group)


def can_propose_guest(user, meeting, now=None):
    return can_post(user, meeting.group) and not meeting.is_cancelled and not meeting.has_started(now)


def is_guest_in_window(user, group, now=None):
    """An accepted guest professional of a non-cancelled meeting of this group, from 15 minutes before
    its start to its end. The chat asks this to let the guest in for that time only."""
    from .meetings.services.guests import guest_meeting_in_window

    return guest_meeting_in_window(user, group, now) is not None


def can_see_guest_invitations(user):
    return has_professional_powers(user)
