"""Suggestions and proposals: ranked time-givers for a request, the batch assignment, and both sides' consent.

The engine gets plain profiles built here; names the participant does not want are resolved to
time-givers before matching, and so are earlier proposals and matches of the same people.
"""
import time
from collections import Counter, defaultdict
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select, update

from ... import policy
from ...exceptions import Conflict, NotFound, PermissionDenied, ServiceError, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..engine import Ineligible, MatchRequest, VolunteerProfile, assign, count_ineligible, ineligibility, rank
from ..models import Match, Proposal, ProposalState, RequestState, TimeGiver, TimeGiverRequest, TimeGiverState
from ..labels import ineligible_text
from ..vocabulary import slots_of
from . import telling
from ...timeutil import local_today
from .common import close_proposal, reserve_place
from .matches import introduce

CHECK_IN_AFTER_DAYS = 90
SUGGESTIONS_SHOWN = 10


# --- from the database to the engine ---

def _words(text):
    return frozenset((text or "").casefold().split())


def names_match(name, user):
    """True when every word of a name the participant gave appears in the person's display name or real
    name: "Ola" rules out every Ola. Ruling out too many is the safe side."""
    words = _words(name)
    return bool(words) and (words <= _words(user.display_name) or words <= _words(user.real_name))


def _volunteer_profile(time_giver, today, matched_participants):
    certificate_valid = time_giver.certificate_expires_on is not None and time_giver.certificate_expires_on > today
    return VolunteerProfile(
        id=time_giver.id, activities=time_giver.activities, interests=time_giver.interests,
        languages=time_giver.languages, area=time_giver.area, district=time_giver.district,
        availability=slots_of(time_giver.availability), capacity=time_giver.capacity,
        current_load=min(time_giver.places_taken, time_giver.capacity), gender=time_giver.gender,
        active=time_giver.state == TimeGiverState.ACTIVE and certificate_valid,
        matched_participant_ids=frozenset(matched_participants.get(time_giver.id, ())))


def _match_request(time_giver_request, time_givers, earlier):
    excluded = set(earlier.get(time_giver_request.participant_id, ()))
    excluded |= {tg.id for tg in time_givers if tg.user_id == time_giver_request.participant_id}
    for name in time_giver_request.avoid_names:
        excluded |= {tg.id for tg in time_givers if names_match(name, tg.user)}
    return MatchRequest(
        id=time_giver_request.id, participant_id=time_giver_request.participant_id,
        waiting_since=time_giver_request.created_at, activities=time_giver_request.activities,
        interests=time_giver_request.interests, languages=time_giver_request.languages,
        area=time_giver_request.area, district=time_giver_request.district,
        availability=slots_of(time_giver_request.availability),
        preferred_gender=time_giver_request.preferred_gender, excluded_volunteer_ids=frozenset(excluded),
        avoid_own_neighbourhood=time_giver_request.avoid_own_neighbourhood)


def _engine_inputs(time_giver_requests, today):
    """Profiles of every vetted time-giver and MatchRequests for the given requests."""
    time_givers = db.session.scalars(
        select(TimeGiver).where(TimeGiver.state.in_(TimeGiverState.VETTED)).order_by(TimeGiver.id)).all()
    matched = defaultdict(set)
    for time_giver_id, participant_id in db.session.execute(
            select(Match.time_giver_id, Match.participant_id).where(Match.ended_at.is_(None))):
        matched[time_giver_id].add(participant_id)
    # Whoever was proposed to or matched with a participant before is not suggested to them again.
    participants = {r.participant_id for r in time_giver_requests}
    earlier = defaultdict(set)
    for participant_id, time_giver_id in db.session.execute(
            select(TimeGiverRequest.participant_id, Proposal.time_giver_id)
            .join(Proposal, Proposal.request_id == TimeGiverRequest.id)
            .where(TimeGiverRequest.participant_id.in_(participants),
                   Proposal.state.in_([ProposalState.DECLINED, ProposalState.ACCEPTED]))):
        earlier[participant_id].add(time_giver_id)
    profiles = [_volunteer_profile(tg, today, matched) for tg in time_givers]
    asks = [_match_request(r, time_givers, earlier) for r in time_giver_requests]
    return {tg.id: tg for tg in time_givers}, profiles, asks


def suggestions(user, time_giver_request, limit=SUGGESTIONS_SHOWN, today=None):
    """([(time_giver, reasons)], best first; Counter of why the others were ruled out). Empty unless
    the request is waiting. Raises NotFound (not a request this coordinator may see).
    """
    if not policy.can_view_request_for_matching(user, time_giver_request):
        raise NotFound()
    if time_giver_request.state != RequestState.WAITING:
        return [], Counter()
    by_id, profiles, (ask,) = _engine_inputs([time_giver_request], today or local_today())
    profiles = [p for p in profiles if by_id[p.id].user_id != user.id]
    ranked = rank(ask, profiles, limit=limit)
    return ([(by_id[s.volunteer_id], s.reasons) for s in ranked], count_ineligible(ask, profiles))


# The batch page is opened again and again while nothing it depends on changes: the last assignment is
# kept for its exact inputs (any change to a request or a time-giver makes other inputs) for a minute,
# in which a longer wait changes no pair.
BATCH_KEPT_SECONDS = 60
_last_batch = {}


def _assignment(asks, profiles):
    key = (tuple(asks), tuple(profiles))
    try:
        hash(key)
    except TypeError:
        return assign(asks, profiles)
    kept = _last_batch.get("assignment")
    if kept is not None and kept[0] == key and time.monotonic() - kept[1] < BATCH_KEPT_SECONDS:
        return kept[2]
    result = assign(asks, profiles)
    _last_batch["assignment"] = (key, time.monotonic(), result)
    return result


def batch(user, today=None):
    """An assignment for all waiting requests at once with the highest total fit (longest waiting
    wins ties): ([(request, time_giver, reasons)], [requests left without a time-giver]).
    Raises PermissionDenied."""
    if not policy.can_vet(user):
        raise PermissionDenied()
    waiting = db.session.scalars(select(TimeGiverRequest).where(
        TimeGiverRequest.state == RequestState.WAITING, TimeGiverRequest.participant_id != user.id)).all()
    if not waiting:
        return [], []
    by_id, profiles, asks = _engine_inputs(waiting, today or local_today())
    profiles = [p for p in profiles if by_id[p.id].user_id != user.id]
    result = _assignment(asks, profiles)
    requests_by_id = {r.id: r for r in waiting}
    pairs = [(requests_by_id[p.request_id], by_id[p.volunteer_id], p.reasons) for p in result.proposals]
    pairs.sort(key=lambda pair: (pair[0].created_at, pair[0].id))
    left = sorted((requests_by_id[i] for i in result.unassigned_request_ids), key=lambda r: (r.created_at, r.id))
    return pairs, left


# --- proposing (coordinators) ---

def _no_place(time_giver):
    return Conflict(_l("%(name)s has no free place any more; another coordinator may just have proposed them. "
                       "Choose someone else.", name=time_giver.user.display_name))


def _propose(user, time_giver_request, time_giver, today):
    """Claim the request and one place of the time-giver with conditional updates; a lost race undoes
    its own change and raises Conflict. Adds the proposal to the session; the caller commits."""
    if not policy.can_propose(user, time_giver_request, time_giver):
        raise NotFound()
    _by_id, profiles, (ask,) = _engine_inputs([time_giver_request], today)
    profile = next((p for p in profiles if p.id == time_giver.id), None)
    reason = ineligibility(ask, profile) if profile is not None else Ineligible.NOT_ACTIVE
    if reason is Ineligible.NO_CAPACITY:
        raise _no_place(time_giver)
    if reason is not None:
        raise ValidationFailed(_l("This time-giver cannot be proposed for this request: %(reason)s.",
                                  reason=ineligible_text(reason, time_giver_request.shared_with_coordinator)))
    now = utcnow()
    claimed = db.session.execute(
        update(TimeGiverRequest)
        .where(TimeGiverRequest.id == time_giver_request.id, TimeGiverRequest.state == RequestState.WAITING)
        .values(state=RequestState.PROPOSED, state_changed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise Conflict(_l("This request is no longer waiting; another coordinator may just have proposed "
                          "someone. Reload the page."))
    if not reserve_place(time_giver.id):
        db.session.execute(
            update(TimeGiverRequest).where(TimeGiverRequest.id == time_giver_request.id)
            .values(state=RequestState.WAITING).execution_options(synchronize_session=False))
        raise _no_place(time_giver)
    proposal = Proposal(request_id=time_giver_request.id, time_giver_id=time_giver.id, proposed_by_id=user.id,
                        proposed_at=now)
    db.session.add(proposal)
    db.session.flush()
    telling.proposed(proposal)
    telling.request_settled(time_giver_request)
    return proposal


def get_time_giver_for_proposal(user, time_giver_id):
    """A time-giver the coordinator may propose. Raises NotFound."""
    time_giver = db.session.get(TimeGiver, time_giver_id) if isinstance(time_giver_id, int) else None
    if time_giver is None or not policy.can_vet_time_giver(user, time_giver):
        raise NotFound()
    return time_giver


def propose(user, time_giver_request, time_giver, today=None):
    """Propose a time-giver for a waiting request; the participant is asked first.

    Raises NotFound, ValidationFailed (breaks a hard constraint), Conflict (lost a race: the
    request was taken or the last place went to someone else). Nothing is stored then.
    """
    try:
        proposal = _propose(user, time_giver_request, time_giver, today or local_today())
    except ServiceError:
        db.session.rollback()
        raise
    db.session.commit()
    return proposal


def propose_many(user, pairs, today=None):
    """Propose the pairs [(request_id, time_giver_id)] a coordinator kept from a batch.

    Returns (made, failed) where failed is [(request or None, message)]; each pair stands alone, and
    all that succeeded are committed together. Raises PermissionDenied for non-coordinators.
    """
    if not policy.can_vet(user):
        raise PermissionDenied()
    today = today or local_today()
    made, failed = [], []
    for request_id, time_giver_id in pairs:
        time_giver_request = db.session.get(TimeGiverRequest, request_id)
        time_giver = db.session.get(TimeGiver, time_giver_id)
        try:
            if time_giver_request is None or time_giver is None:
                raise NotFound(_l("This request or time-giver no longer exists."))
            made.append(_propose(user, time_giver_request, time_giver, today))
            db.session.flush()
        except ServiceError as error:
            failed.append((time_giver_request, error.message or _l("This request or time-giver no longer exists.")))
    db.session.commit()
    return made, failed


def withdraw(user, proposal):
    """A coordinator takes back a proposal nobody has finished answering; the request waits again.

    Raises NotFound, Conflict (answered meanwhile).
    """
    if not policy.can_view_request_for_matching(user, proposal.request):
        raise NotFound()
    if not policy.can_withdraw_proposal(user, proposal) or not close_proposal(proposal, ProposalState.WITHDRAWN):
        db.session.rollback()
        raise Conflict(_l("This proposal has already been answered or withdrawn."))
    db.session.commit()


def get_for_coordinator(user, proposal_id):
    """A proposal for a request this coordinator may see. Raises NotFound otherwise."""
    proposal = db.session.get(Proposal, proposal_id) if isinstance(proposal_id, int) else None
    if proposal is None or not policy.can_view_request_for_matching(user, proposal.request):
        raise NotFound()
    return proposal


def pending_by_request(user, time_giver_requests):
    """{request id: its open proposal}, for the coordinator's queue."""
    if not policy.can_vet(user) or not time_giver_requests:
        return {}
    rows = db.session.scalars(select(Proposal).where(
        Proposal.request_id.in_([r.id for r in time_giver_requests]), Proposal.state.in_(ProposalState.PENDING)))
    return {proposal.request_id: proposal for proposal in rows}


# --- consent on both sides ---

def get_proposal(user, proposal_id):
    """A proposal waiting for this user's answer. Raises NotFound otherwise: the time-giver cannot
    see a proposal before the participant has said yes."""
    proposal = db.session.get(Proposal, proposal_id) if isinstance(proposal_id, int) else None
    if proposal is None or not policy.can_respond_to_proposal(user, proposal):
        raise NotFound()
    return proposal


def waiting_for_answer(user):
    """Proposals waiting for this user's answer, as a participant or as a time-giver."""
    if not policy.is_signed_in(user):
        return []
    mine_as_participant = and_(TimeGiverRequest.participant_id == user.id,
                               Proposal.state == ProposalState.AWAITING_PARTICIPANT)
    mine_as_time_giver = and_(TimeGiver.user_id == user.id, Proposal.state == ProposalState.AWAITING_TIME_GIVER)
    return db.session.scalars(
        select(Proposal).join(TimeGiverRequest, TimeGiverRequest.id == Proposal.request_id)
        .join(TimeGiver, TimeGiver.id == Proposal.time_giver_id)
        .where(or_(mine_as_participant, mine_as_time_giver)).order_by(Proposal.proposed_at)).all()


def respond(user, proposal, accept, today=None):
    """The participant's or, after them, the time-giver's yes or no; no reason is asked for.

    A no sends the request back to the queue, and the coordinator sees only "declined". When the
    time-giver says yes after the participant, the match starts and the pair are introduced in
    their private chat. Returns the Match or None. Raises NotFound, Conflict (changed meanwhile).
    """
    if not policy.can_respond_to_proposal(user, proposal):
        raise NotFound()
    side = ProposalState.AWAITING_PARTICIPANT if proposal.awaits_participant else ProposalState.AWAITING_TIME_GIVER
    changed = Conflict(_l("This proposal has changed meanwhile (it may have been withdrawn). Reload the page."))
    if not accept:
        if not close_proposal(proposal, ProposalState.DECLINED, from_states=[side]):
            db.session.rollback()
            raise changed
        telling.declined(proposal, by_participant=side == ProposalState.AWAITING_PARTICIPANT)
        db.session.commit()
        return None
    to_state = ProposalState.AWAITING_TIME_GIVER if side == ProposalState.AWAITING_PARTICIPANT \
        else ProposalState.ACCEPTED
    moved = db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id, Proposal.state == side)
        .values(state=to_state, decided_at=utcnow() if to_state == ProposalState.ACCEPTED else None)
        .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        db.session.rollback()
        raise changed
    telling.proposal_closed(proposal)
    if to_state == ProposalState.AWAITING_TIME_GIVER:
        telling.participant_said_yes(proposal)
        db.session.commit()
        return None
    match = _start_match(proposal, today or local_today())
    if match is None:
        db.session.rollback()
        raise changed
    telling.match_started(proposal, match)
    db.session.commit()
    return match


def _start_match(proposal, today):
    matched = db.session.execute(
        update(TimeGiverRequest)
        .where(TimeGiverRequest.id == proposal.request_id, TimeGiverRequest.state == RequestState.PROPOSED)
        .values(state=RequestState.MATCHED, state_changed_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if matched != 1:
        return None
    match = Match(request_id=proposal.request_id, participant_id=proposal.request.participant_id,
                  time_giver_id=proposal.time_giver_id, check_in_due_on=today + timedelta(days=CHECK_IN_AFTER_DAYS))
    db.session.add(match)
    db.session.flush()
    introduce(match)
    return match
