"""Profiles: inputs are normalised once, and impossible values are refused."""
from datetime import datetime, timezone

import pytest

from aftercare.matching.engine import MatchRequest

from .builders import request, volunteer


def test_tags_are_trimmed_case_folded_and_frozen():
    profile = volunteer(activities=["Walks ", "board  games", "walks", ""], languages=["NB"])
    assert profile.activities == frozenset({"walks", "board games"})
    assert profile.languages == frozenset({"nb"})


def test_free_places_never_go_below_zero():
    assert volunteer(capacity=2, current_load=1).free_places == 1
    assert volunteer(capacity=1, current_load=3).free_places == 0


@pytest.mark.parametrize("slot", [(7, "evening"), (-1, "morning"), (2, "night")])
def test_unknown_availability_slots_are_refused(slot):
    with pytest.raises(ValueError, match="availability"):
        volunteer(availability={slot})


def test_negative_capacity_is_refused():
    with pytest.raises(ValueError):
        volunteer(capacity=-1)


def test_naive_waiting_since_is_taken_as_utc():
    asked = MatchRequest(id=1, participant_id=2, waiting_since=datetime(2026, 3, 1, 9, 30))
    assert asked.waiting_since == datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)


def test_profiles_compare_by_value():
    assert request(activities={"coffee"}) == request(activities={"Coffee"})
