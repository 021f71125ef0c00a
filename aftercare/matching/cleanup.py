"""When an account is deleted, its proposals and matches end first: no time-giver's place stays
taken and no request waits for someone who is gone. (The rows themselves go by ON DELETE CASCADE.)"""
from collections import Counter

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..timeutil import utcnow
from .models import Match, Proposal, ProposalState, RequestState, TimeGiver, TimeGiverRequest


def _free_places(session, freed):
    for time_giver_id, count in freed.items():
        time_giver = session.get(TimeGiver, time_giver_id)
        if time_giver is not None:
            time_giver.places_taken = TimeGiver.places_taken - min(count, time_giver.places_taken)


def _close_channel(session, match):
    if match.channel_id is None:
        return
    from ..chat.models import Channel

    channel = session.get(Channel, match.channel_id)
    if channel is not None and channel.closed_at is None:
        channel.closed_at = utcnow()


def _as_participant(session, user, freed):
    for proposal in session.scalars(
            select(Proposal).join(TimeGiverRequest, TimeGiverRequest.id == Proposal.request_id)
            .where(TimeGiverRequest.participant_id == user.id, Proposal.state.in_(ProposalState.PENDING))):
        freed[proposal.time_giver_id] += 1
    for match in session.scalars(select(Match).where(Match.participant_id == user.id, Match.ended_at.is_(None))):
        freed[match.time_giver_id] += 1
        _close_channel(session, match)


def _as_time_giver(session, user):
    time_giver = session.scalar(select(TimeGiver).where(TimeGiver.user_id == user.id))
    if time_giver is None:
        return
    now = utcnow()
    for proposal in session.scalars(select(Proposal).where(
            Proposal.time_giver_id == time_giver.id, Proposal.state.in_(ProposalState.PENDING))):
        if proposal.request.state == RequestState.PROPOSED:
            proposal.request.state, proposal.request.state_changed_at = RequestState.WAITING, now
    for match in session.scalars(select(Match).where(Match.time_giver_id == time_giver.id, Match.ended_at.is_(None))):
        request = match.request
        request.state, request.open_participant_id, request.state_changed_at = RequestState.ENDED, None, now
        _close_channel(session, match)


@event.listens_for(Session, "before_flush")
def _account_deleted(session, _flush_context, _instances):
    users = [instance for instance in session.deleted if isinstance(instance, User)]
    if not users:
        return
    freed = Counter()
    with session.no_autoflush:
        for user in users:
            _as_participant(session, user, freed)
            _as_time_giver(session, user)
        _free_places(session, freed)
