"""Ranked suggestions for one request: eligible only, best fit first, ties settled the same way every time."""
import random

from aftercare.matching.engine import fit, ineligibility, rank

from .builders import population, request, volunteer


def test_best_fit_first_with_reasons():
    asked = request(activities={"walks", "coffee"}, district="Sagene")
    volunteers = [volunteer(1, activities={"walks"}),
                  volunteer(2, activities={"walks", "coffee"}, district="Sagene"),
                  volunteer(3, activities={"walks", "coffee"})]
    suggestions = rank(asked, volunteers)
    assert [s.volunteer_id for s in suggestions] == [2, 3, 1]
    assert [s.fit for s in suggestions] == [12, 9, 6]
    assert suggestions[0].reasons[-1].code == "same_district"


def test_ineligible_time_givers_are_never_suggested():
    asked = request(languages={"ar"}, excluded_volunteer_ids={4})
    volunteers = [volunteer(1, languages={"ar"}, active=False), volunteer(2, languages={"nb"}),
                  volunteer(3, languages={"ar"}, current_load=1), volunteer(4, languages={"ar"}),
                  volunteer(5, languages={"ar", "en"})]
    assert [s.volunteer_id for s in rank(asked, volunteers)] == [5]


def test_nobody_eligible_gives_an_empty_list():
    assert rank(request(languages={"so"}), [volunteer(1), volunteer(2)]) == []
    assert rank(request(), []) == []


def test_ties_go_to_fewer_current_matches_then_lower_id():
    volunteers = [volunteer(9, capacity=2, current_load=0), volunteer(3, capacity=2, current_load=1),
                  volunteer(7, capacity=2, current_load=0), volunteer(1, capacity=3, current_load=1)]
    assert [s.volunteer_id for s in rank(request(), volunteers)] == [7, 9, 1, 3]


def test_limit_keeps_the_best():
    volunteers = [volunteer(n, activities={"walks"} if n % 2 else set()) for n in range(1, 21)]
    asked = request(activities={"walks"})
    assert [s.volunteer_id for s in rank(asked, volunteers, limit=3)] == [1, 3, 5]
    assert len(rank(asked, volunteers, limit=None)) == 20
    assert rank(asked, volunteers, limit=0) == []


def test_ranking_matches_a_full_sort_and_ignores_input_order():
    requests, volunteers = population(seed=5, volunteers=60)
    shown = 0
    for asked in requests:
        expected = sorted((v for v in volunteers if ineligibility(asked, v) is None),
                          key=lambda v: (-fit(asked, v), v.current_load, v.id))[:10]
        shuffled = volunteers[:]
        random.Random(asked.id).shuffle(shuffled)
        assert [s.volunteer for s in rank(asked, shuffled)] == expected
        shown += len(expected)
    assert shown > len(requests)  # the comparison above was not between empty lists
