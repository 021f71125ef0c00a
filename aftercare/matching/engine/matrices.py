"""Fit and eligibility of every request × time-giver pair at once, as numpy matrices for batch mode.

The numbers here must equal scoring.fit and constraints.ineligibility pair by pair; the tests
check that on random data. This is the same rule set, only computed column-wise.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .profiles import SLOT_INDEX, MatchRequest, VolunteerProfile, same_neighbourhood
from .scoring import Weights


@dataclass(frozen=True, slots=True)
class PairMatrices:
    """Rows follow `requests`, columns follow `volunteers`, both sorted by id."""

    requests: tuple[MatchRequest, ...]
    volunteers: tuple[VolunteerProfile, ...]
    fit: np.ndarray  # int32, whole points as scoring.fit
    eligible: np.ndarray  # bool, as constraints.ineligibility(...) is None


def sorted_by_id(items: Iterable, kind: str) -> tuple:
    """Items ordered by id, so results do not depend on the order the caller passed them in."""
    ordered = tuple(sorted(items, key=lambda item: item.id))
    for before, after in zip(ordered, ordered[1:]):
        if before.id == after.id:
            raise ValueError(f"{kind} id {after.id} appears more than once")
    return ordered


def pair_matrices(requests: Iterable[MatchRequest], volunteers: Iterable[VolunteerProfile],
                  weights: Weights) -> PairMatrices:
    """Build the fit and eligibility matrices for all pairs."""
    requests = sorted_by_id(requests, "request")
    volunteers = sorted_by_id(volunteers, "volunteer")
    return PairMatrices(requests, volunteers, _fit(requests, volunteers, weights),
                        _eligible(requests, volunteers))


def _fit(requests: Sequence[MatchRequest], volunteers: Sequence[VolunteerProfile],
         w: Weights) -> np.ndarray:
    fit = np.zeros((len(requests), len(volunteers)), dtype=np.int32)
    for attribute, per_item, cap in (("activities", w.per_shared_activity, w.max_shared_activities),
                                     ("interests", w.per_shared_interest, w.max_shared_interests)):
        shared = _shared_counts([getattr(r, attribute) for r in requests],
                                [getattr(v, attribute) for v in volunteers])
        fit += np.minimum(shared, cap) * per_item
    slots = _multi_hot([r.availability for r in requests], SLOT_INDEX) @ \
        _multi_hot([v.availability for v in volunteers], SLOT_INDEX).T
    fit += np.minimum(slots.astype(np.int32), w.max_shared_slots) * w.per_shared_slot

    places: dict = {}
    request_area = _codes([r.area_key for r in requests], places, missing=-1)
    volunteer_area = _codes([v.area_key for v in volunteers], places, missing=-2)
    request_district = _codes([(r.area_key, r.district_key) if r.district_key else None
                               for r in requests], places, missing=-1)
    volunteer_district = _codes([(v.area_key, v.district_key) if v.district_key else None
                                 for v in volunteers], places, missing=-2)
    same_area = request_area[:, None] == volunteer_area[None, :]
    same_district = same_area & (request_district[:, None] == volunteer_district[None, :])
    fit += np.where(same_district, w.same_district, np.where(same_area, w.same_area, 0)).astype(np.int32)
    return fit


def _eligible(requests: Sequence[MatchRequest], volunteers: Sequence[VolunteerProfile]) -> np.ndarray:
    available = np.array([v.active and v.current_load < v.capacity for v in volunteers], dtype=bool)
    eligible = np.repeat(available[None, :], len(requests), axis=0)

    states_language = np.array([bool(r.languages) for r in requests], dtype=bool)
    speaks = _shared_counts([r.languages for r in requests], [v.languages for v in volunteers]) > 0
    eligible &= speaks | ~states_language[:, None]

    genders: dict = {}
    preferred = _codes([r.preferred_gender for r in requests], genders, missing=-1)
    volunteer_gender = _codes([v.gender for v in volunteers], genders, missing=-2)
    eligible &= (preferred[:, None] == -1) | (preferred[:, None] == volunteer_gender[None, :])

    # Exclusions and existing matches are few per person; clear those cells one by one.
    column_of = {v.id: column for column, v in enumerate(volunteers)}
    for row, request in enumerate(requests):
        for volunteer_id in request.excluded_volunteer_ids:
            column = column_of.get(volunteer_id)
            if column is not None:
                eligible[row, column] = False
    rows_of_participant = defaultdict(list)
    for row, request in enumerate(requests):
        rows_of_participant[request.participant_id].append(row)
    for column, volunteer in enumerate(volunteers):
        for participant_id in volunteer.excluded_participant_ids | volunteer.matched_participant_ids:
            for row in rows_of_participant.get(participant_id, ()):
                eligible[row, column] = False
    # "Not from my own neighbourhood" is asked by few; check those rows pair by pair.
    for row, request in enumerate(requests):
        if request.avoid_own_neighbourhood:
            for column, volunteer in enumerate(volunteers):
                if same_neighbourhood(request, volunteer):
                    eligible[row, column] = False
    return eligible


def _shared_counts(left: list[frozenset], right: list[frozenset]) -> np.ndarray:
    """How many items each left set shares with each right set (a multi-hot matrix product)."""
    vocabulary = {item: index for index, item in
                  enumerate(sorted(frozenset().union(*left) & frozenset().union(*right)))}
    if not vocabulary:
        return np.zeros((len(left), len(right)), dtype=np.int32)
    product = _multi_hot(left, vocabulary) @ _multi_hot(right, vocabulary).T
    return product.astype(np.int32)  # float32 counts are exact far beyond any set size here


def _multi_hot(sets: list[frozenset], vocabulary: dict) -> np.ndarray:
    rows, columns = [], []
    for row, items in enumerate(sets):
        for item in items:
            column = vocabulary.get(item)
            if column is not None:
                rows.append(row)
                columns.append(column)
    matrix = np.zeros((len(sets), len(vocabulary)), dtype=np.float32)
    matrix[rows, columns] = 1.0
    return matrix


def _codes(keys: list, codes: dict, missing: int) -> np.ndarray:
    """Integer codes for equality tests; empty keys get `missing`, which never equals a real code
    (and requests and time-givers use different `missing` values so blanks never match)."""
    return np.array([codes.setdefault(key, len(codes)) if key else missing for key in keys],
                    dtype=np.int64)
