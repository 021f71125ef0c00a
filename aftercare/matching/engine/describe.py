"""Plain-English wording of reasons and reason codes, for the benchmark and tests only.

The web side translates the codes with Babel instead; nothing user-facing should use this.
"""
from __future__ import annotations

from collections.abc import Iterable

from .constraints import Ineligible
from .scoring import Reason, ReasonCode

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SLOTS_LISTED = 3
NOUNS = {
    ReasonCode.SHARED_ACTIVITIES: ("activity", "activities"),
    ReasonCode.SHARED_INTERESTS: ("interest", "interests"),
}

INELIGIBLE_TEXT = {
    Ineligible.NOT_ACTIVE: "not active",
    Ineligible.ALREADY_MATCHED: "already matched to this participant",
    Ineligible.EXCLUDED: "excluded (they know each other from before)",
    Ineligible.NO_CAPACITY: "no free place",
    Ineligible.NO_SHARED_LANGUAGE: "no shared language",
    Ineligible.GENDER_PREFERENCE: "does not fit the gender preference",
    Ineligible.OWN_NEIGHBOURHOOD: "may live in the participant's own neighbourhood",
}


def describe(reasons: Iterable[Reason]) -> str:
    """E.g. "3 shared activities: cinema, coffee, walks · both free Tuesday evenings · same district"."""
    parts = [describe_reason(reason) for reason in reasons]
    return " · ".join(parts) if parts else "nothing in particular in common"


def describe_reason(reason: Reason) -> str:
    code = reason.code
    if code in NOUNS:
        singular, plural = NOUNS[code]
        count = reason["count"]
        return f"{count} shared {singular if count == 1 else plural}: {', '.join(reason['items'])}"
    if code is ReasonCode.SHARED_AVAILABILITY:
        slots = [f"{WEEKDAY_NAMES[day]} {part}s" for day, part in reason["slots"]]
        more = len(slots) - SLOTS_LISTED
        return "both free " + ", ".join(slots[:SLOTS_LISTED]) + (f" (+{more} more)" if more > 0 else "")
    if code is ReasonCode.SAME_DISTRICT:
        return "same district"
    if code is ReasonCode.SAME_AREA:
        return "same area"
    raise ValueError(f"no wording for {code!r}")


def describe_ineligible(reason: Ineligible) -> str:
    return INELIGIBLE_TEXT[Ineligible(reason)]

