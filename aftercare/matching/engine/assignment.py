"""Batch mode: propose time-givers for all waiting requests at once, optimally or greedily."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
from scipy.optimize import linear_sum_assignment

from .matrices import PairMatrices, pair_matrices
from .profiles import MatchRequest, VolunteerProfile, as_utc
from .scoring import DEFAULT_WEIGHTS, Reason, Weights, score

WAITING_HALF_DAYS = 30.0
"""After this many days of waiting a request has earned half of the growing part of its bonus."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed pair for the coordinator to review."""

    request_id: int
    volunteer_id: int
    fit: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Assignment:
    """Proposals ordered by request id, and the requests that got none."""

    proposals: tuple[Proposal, ...]
    unassigned_request_ids: tuple[int, ...]

    @property
    def total_fit(self) -> int:
        return sum(proposal.fit for proposal in self.proposals)

    def volunteer_by_request(self) -> dict[int, int]:
        """{request id: proposed time-giver id}."""
        return {proposal.request_id: proposal.volunteer_id for proposal in self.proposals}


def waiting_bonus(waiting_days, bound: float):
    """The tie-breaker added to each pair's fit in `assign`: strictly between bound/2 and bound,
    growing with the request's waiting days (half-way at WAITING_HALF_DAYS) and never reaching
    `bound`. Works on a number or a numpy array."""
    days = np.maximum(waiting_days, 0.0)
    return bound * (1.0 + days / (days + WAITING_HALF_DAYS)) / 2.0


def assign(requests: Iterable[MatchRequest], volunteers: Iterable[VolunteerProfile], *,
           weights: Weights = DEFAULT_WEIGHTS, now: datetime | None = None) -> Assignment:
    """An assignment of requests to time-givers with the highest possible total fit.

    Each request gets at most one time-giver; a time-giver gets at most their free places
    (capacity − current load), because each free place is its own column of the matrix solved
    by scipy's linear_sum_assignment. Ineligible pairs are never proposed.

    Waiting time breaks ties: every eligible pair is worth fit + waiting_bonus(days waited,
    bound) with bound = 1 / (K + 1), where K is the most pairs any assignment can hold. Fits
    are whole points and the bonuses of any two assignments differ by less than K × bound < 1,
    so the bonus never outweighs even one point of total fit; among assignments with the same
    total fit it favours the one placing the longest-waiting requests. As the bonus is above
    zero, an eligible pair with no fit still beats leaving both unmatched.

    An ineligible cell is worth 0, the same as leaving both sides unmatched, and is dropped
    from the result. (A prohibitive cost would make the solver maximise the number of pairs
    first and the fit second, which can lower the total fit.) `now` defaults to the current
    UTC time; a naive `now` is taken as UTC.
    """
    matrices = pair_matrices(requests, volunteers, weights)
    now = as_utc(now) if now is not None else datetime.now(timezone.utc)
    free = np.array([v.free_places for v in matrices.volunteers], dtype=np.int64)
    free[~matrices.eligible.any(axis=0)] = 0  # nobody can take these places anyway
    place_owner = np.repeat(np.arange(len(matrices.volunteers)), free)
    rows = np.flatnonzero(matrices.eligible[:, free > 0].any(axis=1))
    if len(rows) == 0 or len(place_owner) == 0:
        return _result(matrices, {}, weights)

    waited = np.array([(now - matrices.requests[row].waiting_since).total_seconds() / 86400.0
                       for row in rows])
    bound = 1.0 / (min(len(rows), len(place_owner)) + 1)
    value = matrices.fit[rows].astype(np.float64) + waiting_bonus(waited, bound)[:, None]
    value = np.where(matrices.eligible[rows], value, 0.0)[:, place_owner]
    chosen_rows, chosen_places = linear_sum_assignment(value, maximize=True)

    pairs = {}
    for row, column in zip(rows[chosen_rows], place_owner[chosen_places]):
        if matrices.eligible[row, column]:
            pairs[int(row)] = int(column)
    return _result(matrices, pairs, weights)


def assign_greedy(requests: Iterable[MatchRequest], volunteers: Iterable[VolunteerProfile], *,
                  weights: Weights = DEFAULT_WEIGHTS) -> Assignment:
    """The baseline a coordinator would reach by hand: longest-waiting request first, each takes
    its best-ranked time-giver who still has a free place (higher fit, then fewer matches
    including those made in this batch, then lower id). Never better than `assign` in total fit.
    """
    matrices = pair_matrices(requests, volunteers, weights)
    free = np.array([v.free_places for v in matrices.volunteers], dtype=np.int64)
    load = np.array([v.current_load for v in matrices.volunteers], dtype=np.int64)
    order = sorted(range(len(matrices.requests)),
                   key=lambda row: (matrices.requests[row].waiting_since, matrices.requests[row].id))
    pairs = {}
    for row in order:
        open_ = matrices.eligible[row] & (free > 0)
        if not open_.any():
            continue
        fit = np.where(open_, matrices.fit[row], -1)
        best = np.flatnonzero(fit == fit.max())
        column = int(best[np.argmin(load[best])])  # first minimum: columns are sorted by id
        pairs[row] = column
        free[column] -= 1
        load[column] += 1
    return _result(matrices, pairs, weights)


def _result(matrices: PairMatrices, pairs: dict[int, int], weights: Weights) -> Assignment:
    proposals = []
    unassigned = []
    for row, request in enumerate(matrices.requests):
        column = pairs.get(row)
        if column is None:
            unassigned.append(request.id)
            continue
        volunteer = matrices.volunteers[column]
        scored = score(request, volunteer, weights)
        proposals.append(Proposal(request.id, volunteer.id, scored.fit, scored.reasons))
    return Assignment(tuple(proposals), tuple(unassigned))
