"""A participant's request: asking, one open request at a time, withdrawing, and the coordinator's queue."""
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from aftercare.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.matching.models import ProposalState, RequestState, TimeGiver, TimeGiverRequest
from aftercare.matching.services import matches, requests as asks

from .factories import REQUEST


def count():
    return db.session.scalar(select(func.count()).select_from(TimeGiverRequest))


def test_a_participant_asks_and_chooses_what_is_shown(make_user):
    participant = make_user()
    made = asks.create_request(participant, **dict(
        REQUEST, languages=["en", "nb"], preferred_gender="woman", avoid_names="Ola, Per Hansen",
        avoid_note="Someone from my old street", shared_with_coordinator=["area", "wishes"],
        shared_with_time_giver=["activities"]))
    assert made.state == RequestState.WAITING and made.open_participant_id == participant.id
    assert made.languages == ["nb", "en"] and made.avoid_names == ["Ola", "Per Hansen"]
    assert made.shared_with_coordinator == ["wishes", "area"]  # stored in a fixed order
    assert asks.current_request(participant).id == made.id


@pytest.mark.parametrize("roles", [["time_giver"], ["coordinator"], ["professional"], ["admin"]])
def test_only_participants_ask(make_user, roles):
    with pytest.raises(PermissionDenied):
        asks.create_request(make_user(roles), **REQUEST)
    assert count() == 0


@pytest.mark.parametrize("change,field", [
    ({"languages": ["klingon"]}, "languages"),
    ({"availability": ["0-midnight"]}, "availability"),
    ({"availability": ["9-evening"]}, "availability"),
    ({"preferred_gender": "any"}, "preferred_gender"),
    ({"shared_with_coordinator": ["everything"]}, "shared_with_coordinator"),
    ({"shared_with_time_giver": ["avoid"]}, "shared_with_time_giver"),
    ({"area": " "}, "area"),
    ({"avoid_names": ", ".join(f"Name{n}" for n in range(11))}, "avoid_names"),
    ({"wishes": "x" * 1001}, "wishes"),
])
def test_bad_requests_store_nothing(make_user, change, field):
    with pytest.raises(ValidationFailed) as error:
        asks.create_request(make_user(), **dict(REQUEST, **change))
    assert error.value.field == field
    assert count() == 0


def test_one_open_request_at_a_time(make_user, mf):
    participant = make_user()
    mf.request(participant)
    with pytest.raises(Conflict) as error:
        mf.request(participant)
    assert "already asked" in str(error.value.message)
    assert count() == 1


def test_someone_with_an_active_match_is_told_clearly(make_user, mf):
    participant = make_user()
    mf.match(mf.request(participant))
    with pytest.raises(Conflict) as error:
        mf.request(participant)
    assert "already have a time-giver" in str(error.value.message)
    assert count() == 1


def test_the_database_allows_one_open_request_per_participant(make_user, mf):
    participant = make_user()
    mf.request(participant)
    db.session.add(TimeGiverRequest(participant_id=participant.id, open_participant_id=participant.id, area="Oslo"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_after_a_match_ends_one_may_ask_again(make_user, mf):
    participant = make_user()
    match = mf.match(mf.request(participant))
    matches.end_match(participant, match)
    assert asks.current_request(participant) is None
    assert mf.request(participant).state == RequestState.WAITING


def test_withdraw_a_waiting_request(make_user, mf):
    made = mf.request()
    with pytest.raises(NotFound):
        asks.withdraw_request(make_user(), made)
    asks.withdraw_request(made.participant, made)
    assert made.state == RequestState.WITHDRAWN and made.open_participant_id is None
    with pytest.raises(Conflict):
        asks.withdraw_request(made.participant, made)


def test_withdrawing_takes_back_the_open_proposal_and_frees_the_place(mf):
    proposal = mf.proposal()
    made = proposal.request
    assert db.session.get(TimeGiver, proposal.time_giver_id).places_taken == 1
    asks.withdraw_request(made.participant, made)
    db.session.refresh(proposal)
    assert proposal.state == ProposalState.WITHDRAWN
    assert db.session.get(TimeGiver, proposal.time_giver_id).places_taken == 0


def test_a_matched_request_is_ended_not_withdrawn(mf):
    match = mf.match()
    with pytest.raises(Conflict):
        asks.withdraw_request(match.participant, match.request)
    assert match.request.state == RequestState.MATCHED


def test_the_queue_is_for_coordinators_and_never_shows_their_own_request(make_user, mf):
    own = mf.request(make_user(["participant", "coordinator"]))
    other = mf.request()
    coordinator = own.participant
    waiting, proposed = asks.queue(coordinator)
    assert [r.id for r in waiting] == [other.id] and proposed == []
    with pytest.raises(NotFound):
        asks.get_for_matching(coordinator, own.id)
    with pytest.raises(PermissionDenied):
        asks.queue(make_user(["admin"]))
    with pytest.raises(NotFound):
        asks.get_for_matching(make_user(["time_giver"]), other.id)
