"""When an account is deleted (the `account_deleting` signal, inside the deletion's transaction): its
proposals are withdrawn and its matches end first, so no time-giver's place stays taken and no request
waits for someone who is gone. (The rows themselves go by ON DELETE CASCADE.)"""
from sqlalchemy import or_, select, update

from ..chat.models import Channel
from ..extensions import db
from ..notifications.services import notify
from ..signals import account_deleting
from ..timeutil import utcnow
from .models import Match, Proposal, ProposalState, RequestState, TimeGiver, TimeGiverRequest
from .services.common import close_proposal, release_place


@account_deleting.connect
def _end_what_the_account_holds(user, **_):
    _pending_proposals(user)
    _matches(user)


def _pending_proposals(user):
    """Proposals still waiting for an answer are withdrawn: the time-giver's place comes back, the
    participant's request returns to the queue."""
    mine = select(TimeGiverRequest.id).where(TimeGiverRequest.participant_id == user.id)
    as_time_giver = select(TimeGiver.id).where(TimeGiver.user_id == user.id)
    for proposal in db.session.scalars(select(Proposal).where(
            Proposal.state.in_(ProposalState.PENDING),
            or_(Proposal.request_id.in_(mine), Proposal.time_giver_id.in_(as_time_giver)))):
        close_proposal(proposal, ProposalState.WITHDRAWN)


def _matches(user):
    time_giver_id = db.session.scalar(select(TimeGiver.id).where(TimeGiver.user_id == user.id))
    condition = Match.participant_id == user.id
    if time_giver_id is not None:
        condition = or_(condition, Match.time_giver_id == time_giver_id)
    now = utcnow()
    for match in db.session.scalars(select(Match).where(condition, Match.ended_at.is_(None))):
        match.ended_at, match.ended_by_id = now, None
        if match.participant_id == user.id:
            release_place(match.time_giver_id)
            notify([match.time_giver.user_id], "match_participant_left", link="/time-givers/matches")
        else:
            db.session.execute(update(TimeGiverRequest).where(TimeGiverRequest.id == match.request_id)
                               .values(state=RequestState.ENDED, open_participant_id=None, state_changed_at=now))
            notify([match.participant_id], "match_time_giver_left", link="/time-givers/ask")
        if match.channel_id is not None:
            db.session.execute(update(Channel).where(Channel.id == match.channel_id, Channel.closed_at.is_(None))
                               .values(closed_at=now))
