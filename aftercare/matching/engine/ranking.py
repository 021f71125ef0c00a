"""Ranked suggestions of time-givers for one request, for the coordinator to choose from."""
from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from .constraints import ineligibility
from .profiles import MatchRequest, VolunteerProfile
from .scoring import DEFAULT_WEIGHTS, Reason, Weights, fit, score


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An eligible time-giver for a request, with the fit and the reasons behind it."""

    volunteer: VolunteerProfile
    fit: int
    reasons: tuple[Reason, ...]

    @property
    def volunteer_id(self) -> int:
        return self.volunteer.id


def suggestion_order(fit_points: int, volunteer: VolunteerProfile) -> tuple[int, int, int]:
    """Sort key: higher fit first, then the time-giver with fewer current matches, then lower id."""
    return (-fit_points, volunteer.current_load, volunteer.id)


def rank(request: MatchRequest, volunteers: Iterable[VolunteerProfile], limit: int | None = 10,
         weights: Weights = DEFAULT_WEIGHTS) -> list[Suggestion]:
    """The best `limit` eligible time-givers for the request (all of them when limit is None),
    best first, in a deterministic order (see suggestion_order). Empty when nobody is eligible;
    constraints.count_ineligible says why."""
    if limit is not None and limit <= 0:
        return []
    # Score everyone cheaply, then build reasons only for the few that are shown.
    candidates = [(suggestion_order(fit(request, volunteer, weights), volunteer), volunteer)
                  for volunteer in volunteers if ineligibility(request, volunteer) is None]
    if limit is None:
        best = sorted(candidates, key=_first)
    else:
        best = heapq.nsmallest(limit, candidates, key=_first)
    suggestions = []
    for _order, volunteer in best:
        scored = score(request, volunteer, weights)
        suggestions.append(Suggestion(volunteer, scored.fit, scored.reasons))
    return suggestions


def _first(candidate):
    return candidate[0]
