"""A match's life: meet-ups with private notes, the check-in, ending it kindly, follow-ups, deleted accounts."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftercare.accounts import services as accounts
from aftercare.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.matching.models import Match, MeetUp, RequestState, TimeGiver, TimeGiverRequest
from aftercare.matching.services import matches, requests as asks
from aftercare.timeutil import local_today
from aftercare.notifications.models import Notification
from aftercare.notifications.services import text_of

from ..factories import DEFAULT_PASSWORD


def places(time_giver_id):
    return db.session.scalar(select(TimeGiver.places_taken).where(TimeGiver.id == time_giver_id))


@pytest.fixture
def match(mf):
    return mf.match()


def test_both_log_meetups_and_notes_stay_with_their_writer(match):
    participant, time_giver = match.participant, match.time_giver.user
    today = local_today()
    matches.log_meetup(participant, match, met_on=today, activity="Walk by the river",
                       private_note="I was nervous but it went well")
    matches.log_meetup(time_giver, match, met_on=today, activity="Walk")
    seen_by_time_giver = matches.meetups(time_giver, match)
    assert [m["activity"] for m in seen_by_time_giver] == ["Walk", "Walk by the river"]
    assert all(m["private_note"] == "" for m in seen_by_time_giver)
    seen_by_participant = matches.meetups(participant, match)
    assert [m["private_note"] for m in seen_by_participant] == ["", "I was nervous but it went well"]


@pytest.mark.parametrize("days,activity,field", [(1, "Walk", "met_on"), (-1, "Walk", "met_on"), (0, " ", "activity"),
                                                 (0, "x" * 81, "activity")])
def test_meetups_need_a_real_date_and_an_activity(match, days, activity, field):
    with pytest.raises(ValidationFailed) as error:
        matches.log_meetup(match.participant, match, met_on=local_today() + timedelta(days=days), activity=activity)
    assert error.value.field == field
    assert db.session.scalar(select(func.count()).select_from(MeetUp)) == 0


def test_only_the_pair_sees_and_logs(make_user, mf, match):
    outsiders = [make_user(["participant"]), make_user(["time_giver"]), mf.coordinator, make_user(["admin"]),
                 make_user(["professional"])]
    for outsider in outsiders:
        with pytest.raises(NotFound):
            matches.get_match(outsider, match.id)
        with pytest.raises(NotFound):
            matches.meetups(outsider, match)
        with pytest.raises(NotFound):
            matches.log_meetup(outsider, match, met_on=local_today(), activity="Coffee")
        with pytest.raises(NotFound):
            matches.end_match(outsider, match)
    assert match.is_active


def test_check_in_after_three_months_asks_each_side_separately(match):
    participant, time_giver = match.participant, match.time_giver.user
    due = match.check_in_due_on
    assert not matches.check_in_due(participant, match, today=due - timedelta(days=1))
    with pytest.raises(ValidationFailed):
        matches.check_in(participant, match, today=due - timedelta(days=1))
    assert matches.check_in_due(participant, match, today=due)
    matches.check_in(participant, match, today=due)
    db.session.refresh(match)
    assert not matches.check_in_due(participant, match, today=due)
    assert matches.check_in_due(time_giver, match, today=due)  # the other side is still asked
    assert match.check_in_due_on == due
    matches.check_in(time_giver, match, today=due + timedelta(days=2))
    db.session.refresh(match)
    assert match.check_in_due_on == due + timedelta(days=90)
    assert not matches.check_in_due(participant, match, today=due + timedelta(days=2))


@pytest.mark.parametrize("side", ["participant", "time_giver"])
def test_either_side_ends_the_match_without_a_reason(match, side):
    person = match.participant if side == "participant" else match.time_giver.user
    time_giver_id, request_id = match.time_giver_id, match.request_id
    assert places(time_giver_id) == 1
    matches.end_match(person, match, farewell="Thank you for the walks.")
    db.session.expire_all()
    ended = db.session.get(Match, match.id)
    assert not ended.is_active and ended.farewell == "Thank you for the walks."
    assert places(time_giver_id) == 0
    assert db.session.get(TimeGiverRequest, request_id).state == RequestState.ENDED
    assert asks.current_request(ended.participant) is None
    assert "reason" not in " ".join(Match.__table__.columns.keys())
    with pytest.raises(Conflict):
        matches.end_match(person, ended)
    with pytest.raises(Conflict):
        matches.log_meetup(person, ended, met_on=local_today(), activity="Coffee")


def test_a_farewell_has_a_length_limit(match):
    with pytest.raises(ValidationFailed):
        matches.end_match(match.participant, match, farewell="x" * 501)
    assert match.is_active


def test_the_coordinator_sees_that_a_match_ended_and_which_need_a_follow_up(mf):
    quiet, busy, ended = mf.match(), mf.match(), mf.match()
    matches.end_match(ended.time_giver.user, ended, farewell="private words")
    today = local_today()
    matches.log_meetup(busy.participant, busy, met_on=today, activity="Coffee")
    later = today + timedelta(days=31)
    active, ended_list = matches.overview(mf.coordinator, later)
    assert {m.id for m, _last in active} == {quiet.id, busy.id}
    assert [m.id for m in ended_list] == [ended.id]
    # Thirty quiet days alone show the coordinator nothing: the time-giver is reminded first.
    assert matches.follow_ups(mf.coordinator, later) == []
    assert matches.remind_quiet_matches(later) == 2
    assert matches.follow_ups(mf.coordinator, later + timedelta(days=13)) == []
    assert [m.id for m, _last in matches.follow_ups(mf.coordinator, later + timedelta(days=14))] == [quiet.id, busy.id]
    with pytest.raises(PermissionDenied):
        matches.overview(busy.participant)


def test_the_reminder_counts_from_the_last_meetup(mf):
    match = mf.match()
    today = local_today()
    matches.log_meetup(match.time_giver.user, match, met_on=today, activity="Fishing")
    assert matches.remind_quiet_matches(today + timedelta(days=29)) == 0
    assert matches.remind_quiet_matches(today + timedelta(days=30)) == 1


def notifications_of(user, kind="match_quiet"):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.kind == kind)).all()


def test_a_quiet_match_is_first_a_private_reminder_to_the_time_giver_only(mf):
    match = mf.match()
    participant, time_giver = match.participant, match.time_giver.user
    day30 = local_today() + timedelta(days=30)
    assert matches.remind_quiet_matches(day30 - timedelta(days=1)) == 0
    assert matches.remind_quiet_matches(day30) == 1
    assert matches.remind_quiet_matches(day30 + timedelta(days=5)) == 0  # once per quiet spell
    [reminder] = notifications_of(time_giver)
    assert reminder.kind == "match_quiet" and reminder.link == f"/time-givers/matches/{match.id}"
    assert "coordinator will ask you" in text_of(reminder)
    assert notifications_of(participant) == [] and notifications_of(mf.coordinator) == []
    state = matches.quiet_state(participant, match, day30)
    assert state["reminded_on"] == day30 and state["coordinator_on"] == day30 + timedelta(days=14)
    assert not state["coordinator_told"]
    assert matches.quiet_state(time_giver, match, day30 + timedelta(days=14))["coordinator_told"]


def test_a_meetup_after_the_reminder_keeps_it_from_the_coordinator_and_starts_a_new_count(mf):
    match = mf.match()
    day30 = local_today() + timedelta(days=30)
    matches.remind_quiet_matches(day30)
    matches.log_meetup(match.participant, match, met_on=local_today() + timedelta(days=1), activity="Walk",
                       today=day30)
    assert matches.follow_ups(mf.coordinator, day30 + timedelta(days=14)) == []
    assert matches.quiet_state(match.participant, match, day30) is None
    assert matches.remind_quiet_matches(day30 + timedelta(days=1)) == 1  # 30 days since that walk
    assert len(notifications_of(match.time_giver.user)) == 2


def test_ended_matches_are_not_reminded(mf):
    match = mf.match()
    matches.end_match(match.participant, match)
    assert matches.remind_quiet_matches(local_today() + timedelta(days=60)) == 0


# --- accounts deleted while matched ---

def test_a_deleted_participant_frees_the_time_givers_places(mf):
    time_giver = mf.time_giver(capacity=2)
    match = mf.match(time_giver=time_giver)
    time_giver_id = time_giver.id
    assert places(time_giver_id) == 1
    participant = match.participant
    accounts.delete_account(participant, participant, DEFAULT_PASSWORD)
    assert places(time_giver_id) == 0
    assert db.session.scalar(select(func.count()).select_from(Match)) == 0


def test_a_deleted_participant_with_an_open_proposal_frees_the_place(mf):
    proposal = mf.proposal()
    time_giver_id, participant = proposal.time_giver_id, proposal.request.participant
    accounts.delete_account(participant, participant, DEFAULT_PASSWORD)
    assert places(time_giver_id) == 0


def test_a_deleted_time_giver_lets_the_participant_ask_again(mf, make_user):
    match = mf.match()
    waiting_proposal = mf.proposal(time_giver=mf.time_giver())
    participant, request_id = match.participant, match.request_id
    other_request_id = waiting_proposal.request_id
    for person in (match.time_giver.user, waiting_proposal.time_giver.user):
        accounts.delete_account(person, person, DEFAULT_PASSWORD)
    db.session.expire_all()
    assert db.session.get(TimeGiverRequest, request_id).state == RequestState.ENDED
    assert asks.current_request(participant) is None
    assert db.session.get(TimeGiverRequest, other_request_id).state == RequestState.WAITING


def test_deleting_an_account_ends_its_matches_and_withdraws_its_proposals(mf):
    """Deletion goes through the account_deleting signal only: a participant's match ends with its private
    chat closed, a proposal waiting for them is withdrawn, and both time-givers get their place back."""
    from aftercare.chat.models import Channel
    from aftercare.matching.models import Proposal, ProposalState

    match = mf.match()
    channel_id, time_giver_id = match.channel_id, match.time_giver_id
    proposal = mf.proposal(time_giver=mf.time_giver())
    other_time_giver_id = proposal.time_giver_id
    participant = proposal.request.participant
    matched = match.participant
    accounts.delete_account(matched, matched, DEFAULT_PASSWORD)
    accounts.delete_account(participant, participant, DEFAULT_PASSWORD)
    db.session.expire_all()
    assert places(time_giver_id) == 0 and places(other_time_giver_id) == 0
    if channel_id is not None:
        assert db.session.get(Channel, channel_id).closed_at is not None
    assert db.session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.state.in_(ProposalState.PENDING))) == 0
