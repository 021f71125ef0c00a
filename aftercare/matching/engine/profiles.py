"""The engine's inputs: a time-giver's profile and a participant's request, as plain frozen dataclasses."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

PARTS_OF_DAY = ("morning", "afternoon", "evening")
WEEKDAYS = range(7)  # 0 = Monday … 6 = Sunday, as datetime.weekday()

Slot = tuple[int, str]
"""One weekly availability slot: (weekday 0–6, "morning" | "afternoon" | "evening")."""

ALL_SLOTS: tuple[Slot, ...] = tuple((day, part) for day in WEEKDAYS for part in PARTS_OF_DAY)
SLOT_INDEX = {slot: index for index, slot in enumerate(ALL_SLOTS)}


def _tags(values) -> frozenset[str]:
    """Activities, interests and languages compare trimmed and case-folded ("Walks " == "walks")."""
    return frozenset(key for key in (_key(value) for value in values) if key)


def _key(value: str | None) -> str:
    return " ".join(value.split()).casefold() if value else ""


def _slots(values) -> frozenset[Slot]:
    slots = frozenset((day, part) for day, part in values)
    unknown = [slot for slot in slots if slot not in SLOT_INDEX]
    if unknown:
        raise ValueError(f"unknown availability slots {sorted(unknown, key=str)}; "
                         f"expected (weekday 0-6, one of {PARTS_OF_DAY})")
    return slots


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes (as SQLite hands them back) are taken to be UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _set(obj, name, value):
    object.__setattr__(obj, name, value)  # the dataclasses are frozen; this runs only in __post_init__


@dataclass(frozen=True, slots=True, kw_only=True)
class VolunteerProfile:
    """A time-giver as matching sees them.

    `excluded_participant_ids` are participants the time-giver has said they know from before
    (their own boundary); `matched_participant_ids` are participants they are already matched to.
    The service resolves names to ids before building the profile.
    """

    id: int
    activities: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    area: str = ""
    district: str | None = None
    availability: frozenset[Slot] = frozenset()
    capacity: int = 1
    current_load: int = 0
    gender: str | None = None
    active: bool = True
    excluded_participant_ids: frozenset[int] = frozenset()
    matched_participant_ids: frozenset[int] = frozenset()
    area_key: str = field(init=False, repr=False, compare=False)
    district_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.capacity < 0 or self.current_load < 0:
            raise ValueError("capacity and current_load cannot be negative")
        _set(self, "activities", _tags(self.activities))
        _set(self, "interests", _tags(self.interests))
        _set(self, "languages", _tags(self.languages))
        _set(self, "availability", _slots(self.availability))
        _set(self, "gender", _key(self.gender) or None)
        _set(self, "excluded_participant_ids", frozenset(self.excluded_participant_ids))
        _set(self, "matched_participant_ids", frozenset(self.matched_participant_ids))
        _set(self, "area_key", _key(self.area))
        _set(self, "district_key", _key(self.district))

    @property
    def free_places(self) -> int:
        """How many more participants this time-giver can take on now."""
        return max(self.capacity - self.current_load, 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchRequest:
    """A participant's waiting request for a time-giver.

    `languages` must share at least one with the time-giver's (an empty set states no
    language and leaves it open). `preferred_gender` is None for "no preference".
    `excluded_volunteer_ids` come from "nobody I know from before", resolved to ids by the
    service. A naive `waiting_since` is taken to be UTC. `avoid_own_neighbourhood` rules out
    time-givers who may live in the participant's own neighbourhood (see `same_neighbourhood`).
    """

    id: int
    participant_id: int
    waiting_since: datetime
    activities: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    area: str = ""
    district: str | None = None
    availability: frozenset[Slot] = frozenset()
    preferred_gender: str | None = None
    excluded_volunteer_ids: frozenset[int] = frozenset()
    avoid_own_neighbourhood: bool = False
    area_key: str = field(init=False, repr=False, compare=False)
    district_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        _set(self, "waiting_since", as_utc(self.waiting_since))
        _set(self, "activities", _tags(self.activities))
        _set(self, "interests", _tags(self.interests))
        _set(self, "languages", _tags(self.languages))
        _set(self, "availability", _slots(self.availability))
        _set(self, "preferred_gender", _key(self.preferred_gender) or None)
        _set(self, "excluded_volunteer_ids", frozenset(self.excluded_volunteer_ids))
        _set(self, "area_key", _key(self.area))
        _set(self, "district_key", _key(self.district))


def same_neighbourhood(request: MatchRequest, volunteer: VolunteerProfile) -> bool:
    """Whether the time-giver may live in the participant's own neighbourhood: the same municipality,
    and the same district unless one of them gave none (then it cannot be ruled out, so it counts).
    Without a municipality on either side nothing can be said, so it does not count."""
    if not request.area_key or request.area_key != volunteer.area_key:
        return False
    return not request.district_key or not volunteer.district_key or request.district_key == volunteer.district_key
