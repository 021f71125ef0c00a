"""Batch mode: the optimal assignment respects every constraint and capacity, beats greedy,
and settles ties by waiting time."""
import itertools
import random

import numpy as np
import pytest

from aftercare.matching.engine import assign, assign_greedy, fit, ineligibility, waiting_bonus
from aftercare.matching.engine.matrices import pair_matrices
from aftercare.matching.engine.scoring import DEFAULT_WEIGHTS

from .builders import NOW, population, request, volunteer

SEEDS = range(8)


def test_a_time_giver_with_two_places_gets_two_requests():
    result = assign([request(1), request(2)], [volunteer(5, capacity=2)], now=NOW)
    assert result.volunteer_by_request() == {1: 5, 2: 5}
    assert result.unassigned_request_ids == ()


def test_current_load_uses_up_places():
    result = assign([request(1), request(2)], [volunteer(5, capacity=2, current_load=1)], now=NOW)
    assert len(result.proposals) == 1 and len(result.unassigned_request_ids) == 1


def test_a_request_nobody_may_take_stays_unassigned():
    asked = [request(1, languages={"so"}), request(2)]
    result = assign(asked, [volunteer(5, capacity=2)], now=NOW)
    assert result.volunteer_by_request() == {2: 5}
    assert result.unassigned_request_ids == (1,)
    assert assign_greedy(asked, [volunteer(5, capacity=2)]).unassigned_request_ids == (1,)


def test_nothing_to_assign():
    assert assign([], [volunteer(1)], now=NOW).proposals == ()
    assert assign([request(1)], [], now=NOW).unassigned_request_ids == (1,)
    assert assign([request(1)], [volunteer(1, active=False)], now=NOW).unassigned_request_ids == (1,)


def test_a_pair_with_no_fit_is_still_proposed():
    result = assign([request(1, area="")], [volunteer(2, area="")], now=NOW)
    assert result.volunteer_by_request() == {1: 2}
    assert result.total_fit == 0


def test_proposals_carry_fit_and_reasons():
    asked = request(1, activities={"walks", "coffee"})
    proposal, = assign([asked], [volunteer(4, activities={"coffee"})], now=NOW).proposals
    assert (proposal.request_id, proposal.volunteer_id, proposal.fit) == (1, 4, 6)
    assert [reason.code for reason in proposal.reasons] == ["shared_activities", "same_area"]


def test_optimal_beats_greedy_where_greedy_takes_the_obvious_pair():
    # The longest-waiting request takes the time-giver the other one needs (the only one who
    # speaks Arabic); the optimum gives it the second-best time-giver instead.
    first = request(1, waited_days=60, activities={"walks", "coffee", "cinema"})
    second = request(2, waited_days=5, activities={"walks", "coffee", "cinema"}, languages={"ar"})
    volunteers = [volunteer(1, activities={"walks", "coffee", "cinema"}, languages={"nb", "ar"}),
                  volunteer(2, activities={"walks", "coffee"})]
    greedy = assign_greedy([first, second], volunteers)
    optimal = assign([first, second], volunteers, now=NOW)
    assert greedy.volunteer_by_request() == {1: 1}
    assert optimal.volunteer_by_request() == {1: 2, 2: 1}
    assert optimal.total_fit == 12 + 9 > greedy.total_fit == 12


def test_total_fit_counts_more_than_the_number_of_pairs():
    # Two pairs (fit 0 + 3) would use both time-givers, but one pair of fit 9 is the higher
    # total; an ineligible cell costs the same as no pair, so the solver is not pushed to fill it.
    strong = request(1, area="", activities={"walks", "coffee", "cinema"})
    arabic = request(2, area="", activities={"walks"}, languages={"ar"})
    volunteers = [volunteer(1, area="", activities={"walks", "coffee", "cinema"}, languages={"nb", "ar"}),
                  volunteer(2, area="")]
    result = assign([strong, arabic], volunteers, now=NOW)
    assert result.volunteer_by_request() == {1: 1}
    assert result.total_fit == 9


@pytest.mark.parametrize("seed", SEEDS)
def test_optimal_is_never_worse_than_greedy_and_both_respect_the_rules(seed):
    requests, volunteers = population(seed)
    optimal = assign(requests, volunteers, now=NOW)
    greedy = assign_greedy(requests, volunteers)
    assert optimal.total_fit >= greedy.total_fit
    for result in (optimal, greedy):
        assert_valid(result, requests, volunteers)


@pytest.mark.parametrize("seed", SEEDS)
def test_optimal_total_fit_equals_brute_force(seed):
    requests, volunteers = population(seed, requests=6, volunteers=4)
    assert assign(requests, volunteers, now=NOW).total_fit == brute_force_best(requests, volunteers)


def test_longest_waiting_wins_among_equal_fits():
    asked = [request(1, waited_days=3), request(2, waited_days=40), request(3, waited_days=12)]
    result = assign(asked, [volunteer(7)], now=NOW)
    assert result.volunteer_by_request() == {2: 7}
    result = assign(asked, [volunteer(7, capacity=2)], now=NOW)
    assert result.volunteer_by_request() == {2: 7, 3: 7}


def test_waiting_never_outweighs_one_point_of_fit():
    asked = [request(1, waited_days=5_000), request(2, waited_days=0, activities={"walks"})]
    result = assign(asked, [volunteer(7, activities={"walks"})], now=NOW)
    assert result.volunteer_by_request() == {2: 7}


def test_among_assignments_of_equal_total_fit_the_longest_waiting_are_kept():
    # Every request fits the first time-giver by 3 (same area); the gym request fits the second
    # by 6. The best total, 3 + 6, can keep any one of the other three requests: the one that
    # has waited longest is kept, not the newest nor the lowest id.
    asked = [request(1, waited_days=0), request(2, waited_days=400), request(3, waited_days=300),
             request(4, waited_days=0, activities={"gym"})]
    volunteers = [volunteer(10), volunteer(11, activities={"gym"})]
    result = assign(asked, volunteers, now=NOW)
    assert result.total_fit == 3 + 6
    assert result.volunteer_by_request() == {2: 10, 4: 11}


def test_waiting_bonus_is_bounded_and_grows():
    days = np.array([0, 1, 7, 30, 365, 10_000, 1e9])
    bonus = waiting_bonus(days, 0.01)
    assert np.all(bonus >= 0.005) and np.all(bonus < 0.01)
    assert np.all(np.diff(bonus) > 0)
    assert waiting_bonus(-3, 0.01) == waiting_bonus(0, 0.01)  # a future date counts as no wait


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_same_result_whatever_the_input_order(seed):
    requests, volunteers = population(seed)
    first = assign(requests, volunteers, now=NOW)
    rng = random.Random(seed)
    for _ in range(3):
        rng.shuffle(requests)
        rng.shuffle(volunteers)
        assert assign(requests, volunteers, now=NOW) == first
        assert assign_greedy(requests, volunteers) == assign_greedy(requests[::-1], volunteers[::-1])


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_matrices_agree_with_the_pairwise_rules(seed):
    requests, volunteers = population(seed)
    matrices = pair_matrices(requests, volunteers, DEFAULT_WEIGHTS)
    for row, asked in enumerate(matrices.requests):
        for column, offered in enumerate(matrices.volunteers):
            assert matrices.fit[row, column] == fit(asked, offered)
            assert matrices.eligible[row, column] == (ineligibility(asked, offered) is None)
    assert matrices.eligible.any() and not matrices.eligible.all()


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="request id 1"):
        assign([request(1), request(1)], [volunteer(1)], now=NOW)
    with pytest.raises(ValueError, match="volunteer id 2"):
        assign_greedy([request(1)], [volunteer(2), volunteer(2)])


def assert_valid(result, requests, volunteers):
    by_id = {v.id: v for v in volunteers}
    request_by_id = {r.id: r for r in requests}
    assigned = [p.request_id for p in result.proposals]
    assert len(assigned) == len(set(assigned))
    assert sorted(assigned + list(result.unassigned_request_ids)) == sorted(request_by_id)
    taken = {}
    for proposal in result.proposals:
        asked, offered = request_by_id[proposal.request_id], by_id[proposal.volunteer_id]
        assert ineligibility(asked, offered) is None
        assert proposal.fit == fit(asked, offered)
        taken[offered.id] = taken.get(offered.id, 0) + 1
    assert all(count <= by_id[vid].free_places for vid, count in taken.items())


def brute_force_best(requests, volunteers):
    """The highest total fit over every way to give each request one time-giver or none."""
    options = [[None] + [v for v in volunteers if ineligibility(r, v) is None] for r in requests]
    best = 0
    for choice in itertools.product(*options):
        taken = [v.id for v in choice if v is not None]
        if all(taken.count(v.id) <= v.free_places for v in volunteers):
            best = max(best, sum(fit(r, v) for r, v in zip(requests, choice) if v is not None))
    return best
