"""A participant asks for a time-giver, sees where the request stands, and may withdraw it."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..models import Proposal, ProposalState, RequestState, TimeGiverRequest
from ..vocabulary import SHAREABLE_WITH_COORDINATOR, SHAREABLE_WITH_TIME_GIVER
from . import telling
from .common import (clean_activities, clean_availability, clean_gender, clean_languages, clean_names, clean_place,
                     clean_tags, clean_text, close_proposal, page_of)

ALREADY_MATCHED = _l("You already have a time-giver. If you would like someone else, end that pairing first; "
                     "then you can ask again.")
ALREADY_ASKED = _l("You have already asked for a time-giver. You can follow your request on its page.")


def current_request(user):
    """The user's open request (waiting, proposed or matched), or None."""
    if not policy.is_signed_in(user):
        return None
    return db.session.scalar(select(TimeGiverRequest).where(
        TimeGiverRequest.participant_id == user.id, TimeGiverRequest.state.in_(RequestState.OPEN)))


def earlier_suggestion_ended(user, time_giver_request):
    """True when the request waits again after a suggestion that was declined or withdrawn (by anyone)."""
    if not policy.can_view_own_request(user, time_giver_request) or time_giver_request.state != RequestState.WAITING:
        return False
    return db.session.scalar(select(Proposal.id).where(Proposal.request_id == time_giver_request.id).limit(1)) \
        is not None


def _shared(values, allowed, field):
    values = list(dict.fromkeys(values or []))
    if any(value not in allowed for value in values):
        raise ValidationFailed(_l("Choose from the list what may be shown."), field=field)
    return [key for key in allowed if key in values]


def _refuse_if_open(user):
    existing = current_request(user)
    if existing is not None:
        raise Conflict(ALREADY_MATCHED if existing.state == RequestState.MATCHED else ALREADY_ASKED)


def create_request(user, *, wishes, activities, other_activities, interests, languages, area, district,
                   availability, preferred_gender, avoid_names, avoid_note, shared_with_coordinator,
                   shared_with_time_giver, avoid_own_neighbourhood=False):
    """Ask for a time-giver. Everything is used for matching; only the ticked parts are ever shown.

    Raises PermissionDenied (not a participant), Conflict (an open request or an active match
    exists), ValidationFailed (nothing is stored then).
    """
    if not policy.can_ask_for_time_giver(user):
        raise PermissionDenied(_l("Only participants can ask for a time-giver."))
    _refuse_if_open(user)
    area, district = clean_place(area, district)
    time_giver_request = TimeGiverRequest(
        participant_id=user.id,
        open_participant_id=user.id,
        wishes=clean_text(wishes, field="wishes", max_length=1000),
        activities=clean_activities(activities, other_activities),
        interests=clean_tags(interests, field="interests"),
        languages=clean_languages(languages, required=False),
        area=area,
        district=district,
        availability=clean_availability(availability, required=False),
        preferred_gender=clean_gender(preferred_gender, field="preferred_gender"),
        avoid_names=clean_names(avoid_names),
        avoid_note=clean_text(avoid_note, field="avoid_note", max_length=500),
        avoid_own_neighbourhood=avoid_own_neighbourhood is True,
        shared_with_coordinator=_shared(shared_with_coordinator, SHAREABLE_WITH_COORDINATOR,
                                        "shared_with_coordinator"),
        shared_with_time_giver=_shared(shared_with_time_giver, SHAREABLE_WITH_TIME_GIVER, "shared_with_time_giver"),
    )
    db.session.add(time_giver_request)
    try:
        db.session.flush()
        telling.request_made(time_giver_request)
        db.session.commit()
    except IntegrityError:  # another tab asked at the same moment: one open request per person
        db.session.rollback()
        _refuse_if_open(user)
        raise
    return time_giver_request


def withdraw_request(user, time_giver_request):
    """Withdraw a waiting request at any time; an open proposal is withdrawn with it.

    Raises NotFound (not theirs), Conflict (already matched, ended or withdrawn).
    """
    if not policy.can_view_own_request(user, time_giver_request):
        raise NotFound()
    if not policy.can_withdraw_request(user, time_giver_request):
        raise Conflict(_l("This request can no longer be withdrawn. If you have a time-giver, you can end the "
                          "pairing on its page."))
    withdrawn = db.session.execute(
        update(TimeGiverRequest)
        .where(TimeGiverRequest.id == time_giver_request.id,
               TimeGiverRequest.state.in_([RequestState.WAITING, RequestState.PROPOSED]))
        .values(state=RequestState.WITHDRAWN, open_participant_id=None, state_changed_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if withdrawn != 1:
        db.session.rollback()
        raise Conflict(_l("This request has just changed. Reload the page to see where it stands."))
    for proposal in db.session.scalars(select(Proposal).where(
            Proposal.request_id == time_giver_request.id, Proposal.state.in_(ProposalState.PENDING))):
        close_proposal(proposal, ProposalState.WITHDRAWN)
    telling.request_settled(time_giver_request)
    db.session.commit()


# --- for coordinators ---

def get_for_matching(user, request_id):
    """A request as a coordinator may see it. Raises NotFound for anyone else."""
    time_giver_request = db.session.get(TimeGiverRequest, request_id) if isinstance(request_id, int) else None
    if time_giver_request is None or not policy.can_view_request_for_matching(user, time_giver_request):
        raise NotFound()
    return time_giver_request


def queue(user, page=1, proposed_page=1):
    """(a page of the waiting requests, longest waiting first; a page of the requests with an open proposal),
    each a `Page`. Raises PermissionDenied."""
    if not policy.can_vet(user):
        raise PermissionDenied()

    def in_state(state):
        return (select(TimeGiverRequest).where(TimeGiverRequest.state == state, TimeGiverRequest.participant_id != user.id)
                .order_by(TimeGiverRequest.created_at, TimeGiverRequest.id))

    return page_of(in_state(RequestState.WAITING), page), page_of(in_state(RequestState.PROPOSED), proposed_page)


def history(user, time_giver_request):
    """The proposals made for a request, for the coordinator: whom, when, and the state only. Raises NotFound."""
    if not policy.can_view_request_for_matching(user, time_giver_request):
        raise NotFound()
    return db.session.scalars(select(Proposal).where(Proposal.request_id == time_giver_request.id)
                              .order_by(Proposal.proposed_at.desc(), Proposal.id.desc())).all()
