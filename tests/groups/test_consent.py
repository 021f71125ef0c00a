"""Deciding rule proposals by consent, without the app."""
from datetime import datetime, timedelta, timezone

import pytest

from aftercare.groups.consent import ADOPTED, OPEN, REJECTED, decide, tally

NOW = datetime(2026, 3, 3, 18, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("votes,expected", [
    ({1: "yes", 2: "yes", 3: "yes"}, ADOPTED),           # 3 of 5
    ({1: "yes", 2: "yes"}, OPEN),                        # 2 of 5, three still to vote
    ({1: "no", 2: "no", 3: "no"}, REJECTED),             # yes can no longer pass half
    ({1: "yes", 2: "yes", 3: "no", 4: "no", 5: "no"}, REJECTED),
    ({}, OPEN),
])
def test_majority_of_five(votes, expected):
    assert decide("majority", [1, 2, 3, 4, 5], votes, now=NOW) == expected


def test_a_tie_is_not_a_majority():
    assert decide("majority", [1, 2, 3, 4], {1: "yes", 2: "yes", 3: "no", 4: "no"}, now=NOW) == REJECTED
    assert decide("majority", [1, 2, 3, 4], {1: "yes", 2: "yes", 3: "no"}, now=NOW) == OPEN


def test_votes_of_people_who_left_do_not_count():
    votes = {1: "yes", 2: "yes", 9: "yes"}  # 9 left the group mid-vote
    assert decide("majority", [1, 2, 3, 4], votes, now=NOW) == OPEN
    assert tally([1, 2, 3, 4], votes).yes == 2


def test_a_member_joining_mid_vote_raises_the_bar():
    votes = {1: "yes", 2: "yes"}
    assert decide("majority", [1, 2, 3], votes, now=NOW) == ADOPTED
    assert decide("majority", [1, 2, 3, 4], votes, now=NOW) == OPEN


def test_no_objection_waits_for_the_deadline():
    deadline = NOW + timedelta(days=7)
    assert decide("no_objection", [1, 2, 3], {}, now=NOW, deadline=deadline) == OPEN
    assert decide("no_objection", [1, 2, 3], {}, now=deadline, deadline=deadline) == ADOPTED
    assert decide("no_objection", [1, 2, 3], {2: "object"}, now=deadline, deadline=deadline) == REJECTED


def test_a_withdrawn_objection_or_one_by_a_former_member_does_not_block():
    deadline = NOW
    assert decide("no_objection", [1, 2], {2: "yes"}, now=NOW, deadline=deadline) == ADOPTED
    assert decide("no_objection", [1, 2], {7: "object"}, now=NOW, deadline=deadline) == ADOPTED


def test_unknown_method():
    with pytest.raises(ValueError):
        decide("dictator", [1], {}, now=NOW)
