"""The fit between a request and a time-giver: whole points, with the reasons behind them."""
from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from .profiles import SLOT_INDEX, MatchRequest, VolunteerProfile


@dataclass(frozen=True, slots=True)
class Weights:
    """Every weight of the score, in one place.

    A fit is the sum of:
      per_shared_activity × shared activities (counting at most max_shared_activities)
      per_shared_interest × shared interests  (counting at most max_shared_interests)
      per_shared_slot     × shared weekly availability slots (at most max_shared_slots)
      same_district when both name the same district of the same area, otherwise
      same_area when both name the same area (municipality).
    The caps keep one long list from outweighing everything else. Weights are whole numbers,
    so two fits that differ at all differ by at least one point; the batch tie-breaker
    (assignment.waiting_bonus) relies on that.
    """

    per_shared_activity: int = 3
    max_shared_activities: int = 4
    per_shared_interest: int = 2
    max_shared_interests: int = 4
    per_shared_slot: int = 2
    max_shared_slots: int = 5
    same_district: int = 6
    same_area: int = 3

    def __post_init__(self):
        for weight in fields(self):
            value = getattr(self, weight.name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{weight.name} must be a whole number ≥ 0, not {value!r}")

    @property
    def max_fit(self) -> int:
        """The highest fit any pair can reach with these weights."""
        return (self.per_shared_activity * self.max_shared_activities
                + self.per_shared_interest * self.max_shared_interests
                + self.per_shared_slot * self.max_shared_slots
                + max(self.same_district, self.same_area))


DEFAULT_WEIGHTS = Weights()


class ReasonCode(StrEnum):
    """What a Reason says; the web side translates each code with its parameters."""

    SHARED_ACTIVITIES = "shared_activities"  # count, items
    SHARED_INTERESTS = "shared_interests"  # count, items
    SHARED_AVAILABILITY = "shared_availability"  # count, slots
    SAME_DISTRICT = "same_district"  # district, area
    SAME_AREA = "same_area"  # area


class Reason:
    """One explainable part of a fit: a code and its parameters, e.g.
    Reason("shared_activities", count=3, items=("cinema", "coffee", "walks")).
    Lists are tuples in a fixed order, so reasons compare and hash by value.
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params):
        self.code = ReasonCode(code)
        self.params = params

    def __getitem__(self, name):
        return self.params[name]

    def as_dict(self) -> dict:
        """A plain mapping (code plus parameters) for JSON or a template."""
        return {"code": str(self.code), **self.params}

    def __eq__(self, other):
        if not isinstance(other, Reason):
            return NotImplemented
        return self.code == other.code and self.params == other.params

    def __hash__(self):
        return hash((self.code, tuple(sorted(self.params.items()))))

    def __repr__(self):
        params = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Reason({str(self.code)!r}{params})"


@dataclass(frozen=True, slots=True)
class Score:
    """A pair's fit in points and the reasons, in a fixed order: activities, interests,
    availability, place."""

    fit: int
    reasons: tuple[Reason, ...]


def fit(request: MatchRequest, volunteer: VolunteerProfile, weights: Weights = DEFAULT_WEIGHTS) -> int:
    """The fit in points without building reasons; the fast path for ranking many time-givers."""
    w = weights
    return (min(len(request.activities & volunteer.activities), w.max_shared_activities)
            * w.per_shared_activity
            + min(len(request.interests & volunteer.interests), w.max_shared_interests)
            * w.per_shared_interest
            + min(len(request.availability & volunteer.availability), w.max_shared_slots)
            * w.per_shared_slot
            + _place_points(request, volunteer, w))


def score(request: MatchRequest, volunteer: VolunteerProfile,
          weights: Weights = DEFAULT_WEIGHTS) -> Score:
    """The fit of a pair with its reasons. Hard constraints are not checked here
    (see constraints.check_eligibility)."""
    reasons = []
    activities = sorted(request.activities & volunteer.activities)
    if activities:
        reasons.append(Reason(ReasonCode.SHARED_ACTIVITIES, count=len(activities), items=tuple(activities)))
    interests = sorted(request.interests & volunteer.interests)
    if interests:
        reasons.append(Reason(ReasonCode.SHARED_INTERESTS, count=len(interests), items=tuple(interests)))
    slots = sorted(request.availability & volunteer.availability, key=SLOT_INDEX.__getitem__)
    if slots:
        reasons.append(Reason(ReasonCode.SHARED_AVAILABILITY, count=len(slots), slots=tuple(slots)))
    if _same_district(request, volunteer):
        reasons.append(Reason(ReasonCode.SAME_DISTRICT, district=request.district, area=request.area))
    elif _same_area(request, volunteer):
        reasons.append(Reason(ReasonCode.SAME_AREA, area=request.area))
    return Score(fit(request, volunteer, weights), tuple(reasons))


def _same_area(request: MatchRequest, volunteer: VolunteerProfile) -> bool:
    return bool(request.area_key) and request.area_key == volunteer.area_key


def _same_district(request: MatchRequest, volunteer: VolunteerProfile) -> bool:
    # District names repeat across municipalities ("Sentrum"), so the area must match too.
    return (_same_area(request, volunteer) and bool(request.district_key)
            and request.district_key == volunteer.district_key)


def _place_points(request: MatchRequest, volunteer: VolunteerProfile, weights: Weights) -> int:
    if _same_district(request, volunteer):
        return weights.same_district
    if _same_area(request, volunteer):
        return weights.same_area
    return 0
