"""Suggestions with reasons, hard constraints, batch assignment, proposing under races, and consent on both sides."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftercare.accounts.models import User
from aftercare.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.matching.engine import Ineligible, ReasonCode
from aftercare.matching.models import (Match, Proposal, ProposalState, RequestState, TimeGiver, TimeGiverRequest,
                                       TimeGiverState)
from aftercare.matching.services import matches, proposals
from aftercare.timeutil import local_today


def places(time_giver):
    return db.session.scalar(select(TimeGiver.places_taken).where(TimeGiver.id == time_giver.id))


def suggested_ids(mf, time_giver_request):
    suggested, _ruled_out = proposals.suggestions(mf.coordinator, time_giver_request)
    return [time_giver.id for time_giver, _reasons in suggested]


# --- suggestions ---

def test_suggestions_are_ranked_with_their_reasons(mf):
    close = mf.time_giver(activities=["walks", "cinema"], district="Sagene")
    far = mf.time_giver(activities=["walks"], area="Bergen", district="Fana", availability=["0-morning"])
    time_giver_request = mf.request(activities=["walks", "cinema"], availability=["1-evening"])
    suggested, ruled_out = proposals.suggestions(mf.coordinator, time_giver_request)
    assert [tg.id for tg, _ in suggested] == [close.id, far.id]
    codes = [reason.code for reason in suggested[0][1]]
    assert codes == [ReasonCode.SHARED_ACTIVITIES, ReasonCode.SHARED_INTERESTS, ReasonCode.SHARED_AVAILABILITY,
                     ReasonCode.SAME_DISTRICT]
    assert not ruled_out


def test_hard_constraints_rule_time_givers_out(make_user, mf):
    ola = make_user(["participant"], display_name="Ola", real_name="Ola Nordmann")
    eligible = mf.time_giver()
    ruled = {
        "paused": mf.time_giver(state=TimeGiverState.PAUSED),
        "not ready": mf.time_giver(state=TimeGiverState.APPROVED),
        "certificate expired": mf.time_giver(certificate_days=-1),
        "language": mf.time_giver(languages=["pl"]),
        "gender": mf.time_giver(gender="man"),
        "known by name": mf.time_giver(ola),
        "full": mf.time_giver(),
    }
    mf.match(time_giver=ruled["full"])
    participant = make_user(display_name="Lise")
    time_giver_request = mf.request(participant, languages=["nb", "en"], preferred_gender="woman",
                                    avoid_names="ola nordmann")
    eligible.gender = "woman"
    db.session.commit()
    suggested, ruled_out = proposals.suggestions(mf.coordinator, time_giver_request)
    assert [tg.id for tg, _ in suggested] == [eligible.id]
    assert ruled_out[Ineligible.NOT_ACTIVE] == 3
    assert ruled_out[Ineligible.EXCLUDED] == 1
    assert ruled_out[Ineligible.NO_SHARED_LANGUAGE] == 1
    assert ruled_out[Ineligible.NO_CAPACITY] == 1
    assert ruled_out[Ineligible.GENDER_PREFERENCE] == 1


def test_nobody_is_suggested_to_themselves(make_user, mf):
    person = make_user(["participant"])
    mf.time_giver(person)
    assert suggested_ids(mf, mf.request(person)) == []


def test_a_declined_time_giver_is_not_suggested_again(mf):
    time_giver = mf.time_giver()
    proposal = mf.proposal(time_giver=time_giver)
    proposals.respond(proposal.request.participant, proposal, False)
    assert suggested_ids(mf, proposal.request) == []
    with pytest.raises(ValidationFailed):
        proposals.propose(mf.coordinator, proposal.request, time_giver)


def test_suggestions_are_for_other_coordinators_only(make_user, mf):
    time_giver_request = mf.request()
    for outsider in (time_giver_request.participant, make_user(["time_giver"]), make_user(["admin"])):
        with pytest.raises(NotFound):
            proposals.suggestions(outsider, time_giver_request)


# --- proposing ---

def test_propose_takes_the_request_and_one_place(mf):
    time_giver = mf.time_giver(capacity=2)
    proposal = mf.proposal(time_giver=time_giver)
    assert proposal.state == ProposalState.AWAITING_PARTICIPANT
    assert proposal.request.state == RequestState.PROPOSED
    assert places(time_giver) == 1
    with pytest.raises(Conflict):
        proposals.propose(mf.coordinator, proposal.request, mf.time_giver())


def test_an_ineligible_time_giver_cannot_be_proposed(mf):
    paused = mf.time_giver(state=TimeGiverState.PAUSED)
    time_giver_request = mf.request()
    with pytest.raises(ValidationFailed):
        proposals.propose(mf.coordinator, time_giver_request, paused)
    assert time_giver_request.state == RequestState.WAITING and places(paused) == 0


def test_a_coordinator_with_a_stale_page_loses_the_last_place_cleanly(app, make_user, mf):
    time_giver = mf.time_giver(capacity=1)
    first, second = mf.request(), mf.request()
    stale_time_giver = db.session.get(TimeGiver, time_giver.id)
    assert stale_time_giver.places_taken == 0
    other_coordinator = make_user(["coordinator"])
    with app.app_context():  # another coordinator, another session, commits first
        proposals.propose(db.session.get(User, other_coordinator.id),
                          db.session.get(TimeGiverRequest, first.id), db.session.get(TimeGiver, time_giver.id))
    with pytest.raises(Conflict) as error:
        proposals.propose(mf.coordinator, second, stale_time_giver)
    assert "no free place" in str(error.value.message)
    db.session.expire_all()
    assert second.state == RequestState.WAITING and places(time_giver) == 1
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1


def test_two_coordinators_at_the_same_moment_one_wins(app, make_user, mf, monkeypatch):
    time_giver = mf.time_giver(capacity=1)
    asked = [mf.request().id, mf.request().id]
    coordinators = [mf.coordinator.id, make_user(["coordinator"]).id]
    both_checked = threading.Barrier(2, timeout=10)
    checked = proposals._engine_inputs

    def check_then_wait(*args, **kwargs):
        result = checked(*args, **kwargs)
        both_checked.wait()  # both have seen a free place before either claims it
        return result

    monkeypatch.setattr(proposals, "_engine_inputs", check_then_wait)
    outcomes = []

    def propose(coordinator_id, request_id):
        with app.app_context():
            try:
                proposals.propose(db.session.get(User, coordinator_id), db.session.get(TimeGiverRequest, request_id),
                                  db.session.get(TimeGiver, time_giver.id))
                outcomes.append("proposed")
            except Conflict as error:
                outcomes.append(str(error.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=propose, args=pair) for pair in zip(coordinators, asked)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=lambda text: text != "proposed")[0] == "proposed"
    assert len(outcomes) == 2 and "no free place" in [o for o in outcomes if o != "proposed"][0]
    db.session.expire_all()
    assert places(time_giver) == 1
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1
    states = sorted(db.session.get(TimeGiverRequest, request_id).state for request_id in asked)
    assert states == [RequestState.PROPOSED, RequestState.WAITING]


def test_only_coordinators_propose(make_user, mf):
    time_giver, time_giver_request = mf.time_giver(), mf.request()
    for outsider in (make_user(["participant"]), time_giver.user, make_user(["admin"])):
        with pytest.raises((NotFound, PermissionDenied)):
            proposals.propose(outsider, time_giver_request, time_giver)
        with pytest.raises(PermissionDenied):
            proposals.propose_many(outsider, [(time_giver_request.id, time_giver.id)])
    assert places(time_giver) == 0


def test_withdraw_a_proposal(make_user, mf):
    proposal = mf.proposal()
    with pytest.raises(NotFound):
        proposals.withdraw(make_user(["participant"]), proposal)
    proposals.withdraw(mf.coordinator, proposal)
    assert proposal.state == ProposalState.WITHDRAWN and proposal.request.state == RequestState.WAITING
    assert places(proposal.time_giver) == 0
    with pytest.raises(Conflict):
        proposals.withdraw(mf.coordinator, proposal)


# --- batch ---

def _waited(time_giver_request, days):
    time_giver_request.created_at = time_giver_request.created_at - timedelta(days=days)
    db.session.commit()


def test_batch_maximises_total_fit_where_greedy_would_not(mf):
    both_languages = mf.time_giver(languages=["nb", "en"], activities=["walks", "coffee"])
    norwegian_only = mf.time_giver(languages=["nb"], activities=["walks"])
    flexible = mf.request(activities=["walks", "coffee"])
    english = mf.request(languages=["en"], activities=["walks"])
    _waited(flexible, 20)  # waited longest: greedy would give it its favourite and leave `english` without
    pairs, left = proposals.batch(mf.coordinator)
    chosen = {time_giver_request.id: time_giver.id for time_giver_request, time_giver, _reasons in pairs}
    assert chosen == {flexible.id: norwegian_only.id, english.id: both_languages.id}
    assert left == []


def test_batch_breaks_ties_by_waiting_time(mf):
    mf.time_giver()
    newer, older = mf.request(), mf.request()
    _waited(older, 9)
    pairs, left = proposals.batch(mf.coordinator)
    assert [r.id for r, _tg, _ in pairs] == [older.id] and [r.id for r in left] == [newer.id]


def test_propose_many_reports_each_pair(mf):
    time_giver = mf.time_giver(capacity=1)
    first, second = mf.request(), mf.request()
    made, failed = proposals.propose_many(mf.coordinator, [(first.id, time_giver.id), (second.id, time_giver.id),
                                                           (9999, time_giver.id)])
    assert [p.request_id for p in made] == [first.id]
    assert [r.id if r else None for r, _message in failed] == [second.id, None]
    assert all(str(message) for _r, message in failed)
    db.session.expire_all()
    assert (first.state, second.state, places(time_giver)) == (RequestState.PROPOSED, RequestState.WAITING, 1)


# --- consent on both sides ---

def test_the_time_giver_sees_nothing_before_the_participant_says_yes(mf):
    proposal = mf.proposal()
    time_giver_user = proposal.time_giver.user
    with pytest.raises(NotFound):
        proposals.get_proposal(time_giver_user, proposal.id)
    assert proposals.waiting_for_answer(time_giver_user) == []
    assert [p.id for p in proposals.waiting_for_answer(proposal.request.participant)] == [proposal.id]
    with pytest.raises(NotFound):
        proposals.respond(time_giver_user, proposal, True)


def test_participant_declines_without_a_reason_and_waits_again(mf):
    proposal = mf.proposal()
    proposals.respond(proposal.request.participant, proposal, False)
    assert proposal.state == ProposalState.DECLINED
    assert proposal.request.state == RequestState.WAITING and places(proposal.time_giver) == 0
    assert not {"declined_by_id", "decline_reason", "declined_by"} & set(Proposal.__table__.columns.keys())


def test_time_giver_declines_and_the_request_waits_again(mf):
    proposal = mf.proposal(accepted_by_participant=True)
    assert proposal.state == ProposalState.AWAITING_TIME_GIVER
    with pytest.raises(NotFound):
        proposals.respond(proposal.request.participant, proposal, False)  # already answered
    proposals.respond(proposal.time_giver.user, proposal, False)
    assert proposal.state == ProposalState.DECLINED
    assert proposal.request.state == RequestState.WAITING and places(proposal.time_giver) == 0


def test_both_say_yes_and_the_match_starts(mf):
    proposal = mf.proposal(accepted_by_participant=True)
    match = proposals.respond(proposal.time_giver.user, proposal, True)
    assert match.is_active and match.participant_id == proposal.request.participant_id
    assert proposal.state == ProposalState.ACCEPTED and proposal.request.state == RequestState.MATCHED
    assert places(proposal.time_giver) == 1  # the match keeps the place
    assert match.check_in_due_on == local_today() + timedelta(days=90)
    # introduced in their own private channel: the two of them, nobody else
    from aftercare import policy
    from aftercare.chat.models import Channel

    channel = db.session.get(Channel, match.channel_id)
    assert channel.kind == "pair" and channel.closed_at is None
    assert policy.can_post_in_channel(proposal.time_giver.user, channel)
    assert policy.can_post_in_channel(proposal.request.participant, channel)
    assert not policy.can_read_channel(mf.coordinator, channel)


def test_ending_a_match_closes_its_channel_for_posting(mf):
    from aftercare import policy
    from aftercare.chat.models import Channel

    proposal = mf.proposal(accepted_by_participant=True)
    match = proposals.respond(proposal.time_giver.user, proposal, True)
    participant = proposal.request.participant
    matches.end_match(participant, match, farewell="Thank you for the walks.")
    channel = db.session.get(Channel, match.channel_id)
    assert channel.closed_at is not None
    assert policy.can_read_channel(participant, channel) and not policy.can_post_in_channel(participant, channel)


def test_an_answer_after_a_withdrawal_is_refused(app, mf):
    proposal = mf.proposal()
    participant = proposal.request.participant
    assert proposal.awaits_participant  # the participant's page shows it
    with app.app_context():  # meanwhile the coordinator withdraws it
        proposals.withdraw(db.session.get(User, mf.coordinator.id), db.session.get(Proposal, proposal.id))
    with pytest.raises(Conflict):
        proposals.respond(participant, proposal, True)
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == ProposalState.WITHDRAWN
    assert db.session.scalar(select(func.count()).select_from(Match)) == 0


def test_not_from_my_own_neighbourhood_is_a_hard_constraint(mf):
    neighbour = mf.time_giver(district="Sagene")
    unknown_district = mf.time_giver(district="")
    across_town = mf.time_giver(district="Frogner")
    time_giver_request = mf.request(district="Sagene", avoid_own_neighbourhood=True)
    assert time_giver_request.avoid_own_neighbourhood is True
    suggested, ruled_out = proposals.suggestions(mf.coordinator, time_giver_request)
    assert [tg.id for tg, _ in suggested] == [across_town.id]
    assert ruled_out == {Ineligible.OWN_NEIGHBOURHOOD: 2}
    with pytest.raises(ValidationFailed):
        proposals.propose(mf.coordinator, time_giver_request, neighbour)
    with pytest.raises(ValidationFailed):
        proposals.propose(mf.coordinator, time_giver_request, unknown_district)
    assert places(neighbour) == 0 and time_giver_request.state == RequestState.WAITING
    made, _failed = proposals.propose_many(mf.coordinator, [(time_giver_request.id, neighbour.id)])
    assert made == [] and places(neighbour) == 0
