"""Hard constraints: whether a time-giver may be suggested for a request at all, and if not, why."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .profiles import MatchRequest, VolunteerProfile, same_neighbourhood


class Ineligible(StrEnum):
    """Machine-readable reason codes for the coordinator, in the order they are checked."""

    NOT_ACTIVE = "not_active"
    ALREADY_MATCHED = "already_matched"
    EXCLUDED = "excluded"
    NO_CAPACITY = "no_capacity"
    NO_SHARED_LANGUAGE = "no_shared_language"
    GENDER_PREFERENCE = "gender_preference"
    OWN_NEIGHBOURHOOD = "own_neighbourhood"


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The outcome of the hard constraints; truthy when eligible, otherwise `reason` says why."""

    reason: Ineligible | None = None

    @property
    def eligible(self) -> bool:
        return self.reason is None

    def __bool__(self) -> bool:
        return self.reason is None


ELIGIBLE = Eligibility()


def ineligibility(request: MatchRequest, volunteer: VolunteerProfile) -> Ineligible | None:
    """The first hard constraint the pair breaks, or None when the time-giver may be suggested.

    Exclusions work both ways: the participant's "nobody I know from before" and the
    time-giver's own list of participants they know. "Not from my own neighbourhood" is as hard
    as any other stated preference.
    """
    if not volunteer.active:
        return Ineligible.NOT_ACTIVE
    if request.participant_id in volunteer.matched_participant_ids:
        return Ineligible.ALREADY_MATCHED
    if (volunteer.id in request.excluded_volunteer_ids
            or request.participant_id in volunteer.excluded_participant_ids):
        return Ineligible.EXCLUDED
    if volunteer.current_load >= volunteer.capacity:
        return Ineligible.NO_CAPACITY
    if request.languages and request.languages.isdisjoint(volunteer.languages):
        return Ineligible.NO_SHARED_LANGUAGE
    if request.preferred_gender is not None and volunteer.gender != request.preferred_gender:
        return Ineligible.GENDER_PREFERENCE
    if request.avoid_own_neighbourhood and same_neighbourhood(request, volunteer):
        return Ineligible.OWN_NEIGHBOURHOOD
    return None


def check_eligibility(request: MatchRequest, volunteer: VolunteerProfile) -> Eligibility:
    """Eligibility of one pair, with the reason code when the time-giver cannot be suggested."""
    reason = ineligibility(request, volunteer)
    return ELIGIBLE if reason is None else Eligibility(reason)


def count_ineligible(request: MatchRequest,
                     volunteers: Iterable[VolunteerProfile]) -> Counter[Ineligible]:
    """How many time-givers each constraint ruled out, so "nobody suggested" can be explained."""
    return Counter(reason for reason in (ineligibility(request, v) for v in volunteers)
                   if reason is not None)
