"""Hard constraints: each one rules a time-giver out with its own reason code."""
import pytest

from aftercare.matching.engine import Ineligible, check_eligibility, count_ineligible, ineligibility

from .builders import request, volunteer


def test_a_plain_pair_is_eligible():
    eligibility = check_eligibility(request(), volunteer())
    assert eligibility and eligibility.eligible and eligibility.reason is None


@pytest.mark.parametrize("asked, offered, reason", [
    ({}, {"active": False}, Ineligible.NOT_ACTIVE),
    ({}, {"capacity": 2, "current_load": 2}, Ineligible.NO_CAPACITY),
    ({}, {"capacity": 0}, Ineligible.NO_CAPACITY),
    ({"languages": {"so"}}, {"languages": {"nb", "en"}}, Ineligible.NO_SHARED_LANGUAGE),
    ({"languages": {"ar"}}, {"languages": set()}, Ineligible.NO_SHARED_LANGUAGE),
    ({"preferred_gender": "woman"}, {"gender": "man"}, Ineligible.GENDER_PREFERENCE),
    ({"preferred_gender": "woman"}, {"gender": None}, Ineligible.GENDER_PREFERENCE),
    ({"excluded_volunteer_ids": {1}}, {}, Ineligible.EXCLUDED),
    ({}, {"excluded_participant_ids": {101}}, Ineligible.EXCLUDED),
    ({}, {"matched_participant_ids": {101}}, Ineligible.ALREADY_MATCHED),
])
def test_each_hard_constraint_gives_its_reason_code(asked, offered, reason):
    eligibility = check_eligibility(request(id=1, **asked), volunteer(id=1, **offered))
    assert not eligibility
    assert eligibility.reason is reason
    assert eligibility.reason == reason.value  # a plain string for the coordinator's screen


@pytest.mark.parametrize("asked, offered", [
    ({"languages": {"so", "en"}}, {"languages": {"EN"}}),  # one shared language is enough
    ({"languages": set()}, {"languages": {"pl"}}),  # no language stated leaves it open
    ({"preferred_gender": None}, {"gender": "man"}),
    ({"preferred_gender": "Woman"}, {"gender": "woman "}),
    ({"excluded_volunteer_ids": {2}}, {"excluded_participant_ids": {999}}),  # other people
    ({}, {"capacity": 2, "current_load": 1}),
])
def test_pairs_that_meet_every_constraint(asked, offered):
    assert ineligibility(request(**asked), volunteer(id=1, **offered)) is None


def test_the_first_broken_constraint_is_reported():
    retired_and_full = volunteer(active=False, capacity=1, current_load=1, languages={"pl"})
    assert ineligibility(request(), retired_and_full) is Ineligible.NOT_ACTIVE
    known_and_full = volunteer(id=3, capacity=1, current_load=1)
    assert ineligibility(request(excluded_volunteer_ids={3}), known_and_full) is Ineligible.EXCLUDED


def test_count_ineligible_explains_why_nobody_is_suggested():
    volunteers = [volunteer(1, active=False), volunteer(2, languages={"en"}), volunteer(3, languages={"en"}),
                  volunteer(4, current_load=1), volunteer(5)]
    counts = count_ineligible(request(languages={"nb"}), volunteers)
    assert counts == {Ineligible.NOT_ACTIVE: 1, Ineligible.NO_SHARED_LANGUAGE: 2,
                      Ineligible.NO_CAPACITY: 1}


# --- "not from my own neighbourhood" ---

@pytest.mark.parametrize("asked, offered", [
    ({"area": "Oslo", "district": "Sagene"}, {"area": "oslo ", "district": "sagene"}),  # same district
    ({"area": "Oslo", "district": "Sagene"}, {"area": "Oslo", "district": None}),  # cannot be ruled out
    ({"area": "Alvdal", "district": None}, {"area": "Alvdal", "district": "Sentrum"}),  # a small place
    ({"area": "Alvdal", "district": None}, {"area": "Alvdal", "district": None}),
])
def test_not_from_my_own_neighbourhood_rules_out_time_givers_who_may_live_there(asked, offered):
    assert ineligibility(request(avoid_own_neighbourhood=True, **asked), volunteer(**offered)) \
        is Ineligible.OWN_NEIGHBOURHOOD
    assert ineligibility(request(**asked), volunteer(**offered)) is None  # only when she asks for it


@pytest.mark.parametrize("asked, offered", [
    ({"area": "Oslo", "district": "Sagene"}, {"area": "Oslo", "district": "Frogner"}),
    ({"area": "Bergen", "district": "Sagene"}, {"area": "Oslo", "district": "Sagene"}),  # same name, elsewhere
    ({"area": "Alvdal"}, {"area": "Tynset"}),
])
def test_time_givers_from_elsewhere_stay_eligible(asked, offered):
    assert ineligibility(request(avoid_own_neighbourhood=True, **asked), volunteer(**offered)) is None


def test_the_batch_matrices_honour_the_neighbourhood_preference():
    from aftercare.matching.engine import assign

    asks = [request(1, area="Oslo", district="Sagene", avoid_own_neighbourhood=True)]
    neighbour, other = volunteer(1, area="Oslo", district="Sagene"), volunteer(2, area="Oslo", district="Nydalen")
    assert [(p.request_id, p.volunteer_id) for p in assign(asks, [neighbour, other]).proposals] == [(1, 2)]
    assert assign(asks, [neighbour]).proposals == ()
