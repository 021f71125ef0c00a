"""The fit: whole points per documented weight, and reasons that say what is shared."""
import pytest

from aftercare.matching.engine import DEFAULT_WEIGHTS, Ineligible, Reason, ReasonCode, Weights, fit, score
from aftercare.matching.engine.describe import describe, describe_ineligible

from .builders import request, volunteer


def test_reasons_say_what_is_shared_in_a_fixed_order():
    asked = request(activities={"walks", "coffee", "cinema", "fishing"}, interests={"music", "film"},
                    availability={(1, "evening"), (5, "morning")}, area="Oslo", district="Sagene")
    offered = volunteer(activities={"cinema", "coffee", "walks", "gym"}, interests={"film"},
                        availability={(1, "evening"), (3, "evening")}, area="Oslo", district="Sagene")
    assert score(asked, offered).reasons == (
        Reason("shared_activities", count=3, items=("cinema", "coffee", "walks")),
        Reason("shared_interests", count=1, items=("film",)),
        Reason("shared_availability", count=1, slots=((1, "evening"),)),
        Reason("same_district", district="Sagene", area="Oslo"),
    )


def test_fit_adds_up_the_documented_weights():
    asked = request(activities={"walks", "coffee", "cinema"}, interests={"film"},
                    availability={(1, "evening")}, area="Oslo", district="Sagene")
    offered = volunteer(activities={"walks", "coffee", "cinema"}, interests={"film"},
                        availability={(1, "evening")}, area="Oslo", district="Sagene")
    w = DEFAULT_WEIGHTS
    expected = 3 * w.per_shared_activity + w.per_shared_interest + w.per_shared_slot + w.same_district
    assert score(asked, offered).fit == fit(asked, offered) == expected


def test_long_shared_lists_count_only_up_to_their_cap():
    many = {f"activity {n}" for n in range(10)}
    scored = score(request(activities=many), volunteer(activities=many, area=""))
    assert scored.reasons[0]["count"] == 10  # the reason still names them all
    assert scored.fit == DEFAULT_WEIGHTS.max_shared_activities * DEFAULT_WEIGHTS.per_shared_activity


def test_same_area_without_the_same_district():
    scored = score(request(area="Bergen", district="Fana"), volunteer(area="bergen", district="Årstad"))
    assert scored.reasons == (Reason("same_area", area="Bergen"),)
    assert scored.fit == DEFAULT_WEIGHTS.same_area


def test_a_district_name_in_another_area_is_not_the_same_district():
    scored = score(request(area="Bergen", district="Sentrum"), volunteer(area="Oslo", district="Sentrum"))
    assert scored.reasons == () and scored.fit == 0


def test_nothing_in_common_scores_zero_with_no_reasons():
    scored = score(request(activities={"gym"}, area=""), volunteer(activities={"crafts"}, area=""))
    assert scored.fit == 0 and scored.reasons == ()
    assert describe(scored.reasons) == "nothing in particular in common"


def test_custom_weights_change_the_fit():
    asked, offered = request(activities={"walks"}), volunteer(activities={"walks"})
    assert fit(asked, offered, Weights(per_shared_activity=10, same_area=0)) == 10


@pytest.mark.parametrize("bad", [{"same_area": -1}, {"per_shared_slot": 1.5}])
def test_weights_must_be_whole_and_not_negative(bad):
    with pytest.raises(ValueError):
        Weights(**bad)


def test_max_fit_is_reachable():
    w = DEFAULT_WEIGHTS
    many = {f"thing {n}" for n in range(10)}
    slots = {(day, "evening") for day in range(7)}
    both = dict(activities=many, interests=many, availability=slots, area="Oslo", district="Sagene")
    assert fit(request(**both), volunteer(**both)) == w.max_fit


def test_reasons_are_plain_data():
    reason = Reason("shared_activities", count=2, items=("coffee", "walks"))
    assert reason.code is ReasonCode.SHARED_ACTIVITIES
    assert reason.as_dict() == {"code": "shared_activities", "count": 2, "items": ("coffee", "walks")}
    assert hash(reason) == hash(Reason("shared_activities", count=2, items=("coffee", "walks")))
    with pytest.raises(ValueError):
        Reason("good_vibes")


def test_plain_english_wording():
    reasons = (Reason("shared_activities", count=3, items=("cinema", "coffee", "walks")),
               Reason("shared_interests", count=1, items=("film",)),
               Reason("shared_availability", count=1, slots=((1, "evening"),)),
               Reason("same_district", district="Sagene", area="Oslo"))
    assert describe(reasons) == ("3 shared activities: cinema, coffee, walks · 1 shared interest: film"
                                 " · both free Tuesday evenings · same district")
    slots = tuple((day, "morning") for day in range(5))
    assert describe([Reason("shared_availability", count=5, slots=slots)]) == (
        "both free Monday mornings, Tuesday mornings, Wednesday mornings (+2 more)")
    assert describe_ineligible(Ineligible.NO_CAPACITY) == "no free place"
