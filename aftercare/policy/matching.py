"""Time-givers and matching."""
from ..accounts.models import Role
from .roles import _roles, is_coordinator, is_participant, is_person, is_signed_in

# --- time-givers and matching ---

def can_apply_as_time_giver(user):
    """Time-givers are ordinary people, not employed in substance-use care: any signed-in person
    may offer their time except professionals and coordinators."""
    roles = _roles(user)
    return is_signed_in(user) and Role.PROFESSIONAL not in roles and Role.COORDINATOR not in roles


def can_edit_time_giver_profile(user, time_giver):
    """Only the volunteer edits their own application or profile, until it is declined or retired."""
    return is_person(user, time_giver.user_id) and time_giver.state not in ("declined", "retired")


def can_vet(user):
    """Coordinators vet volunteers and run matching."""
    return is_coordinator(user)


def can_vet_time_giver(user, time_giver):
    """A coordinator vets every volunteer but never themselves."""
    return is_coordinator(user) and time_giver.user_id != user.id


def can_see_time_giver_contact(user, time_giver):
    """How to reach a volunteer is for the coordinators who vet them, and for the volunteer themselves;
    never for a participant, not even a matched one (the pair talk in their private chat)."""
    return is_person(user, time_giver.user_id) or can_vet_time_giver(user, time_giver)


def can_change_time_giver_state(user, time_giver):
    """Pausing, resuming and stepping down: the time-giver themselves or a coordinator."""
    return is_person(user, time_giver.user_id) or can_vet_time_giver(user, time_giver)


def can_ask_for_time_giver(user):
    return is_participant(user)


def can_view_own_request(user, time_giver_request):
    return is_person(user, time_giver_request.participant_id)


def can_withdraw_request(user, time_giver_request):
    """The participant may withdraw while it waits or a proposal is open (a match is ended instead)."""
    return is_person(user, time_giver_request.participant_id) and time_giver_request.can_be_withdrawn


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
        return is_person(user, proposal.request.participant_id)
    if proposal.awaits_time_giver:
        return is_person(user, proposal.time_giver.user_id)
    return False


def is_in_match(user, match):
    return is_person(user, match.participant_id) or is_person(user, match.time_giver_user_id)


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


def can_see_what_the_other_shared(user, match):
    """The participant always sees the short profile of her time-giver. The time-giver sees the
    participant's shared wishes, interests and availability only while the match lasts."""
    if is_person(user, match.participant_id):
        return True
    return is_person(user, match.time_giver_user_id) and match.is_active
