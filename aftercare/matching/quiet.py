"""When a quiet match is followed up: first a private reminder to the time-giver, and only if it stays
quiet after that does the coordinator see it. Pure date arithmetic; the sweep and the pages use it."""
from datetime import date, timedelta
from typing import Optional

REMIND_AFTER_DAYS = 30
COORDINATOR_AFTER_MORE_DAYS = 14


def quiet_since(last_met_on: Optional[date], started_on: date) -> date:
    """The start of the current quiet spell: the last meet-up logged, or the start of the match."""
    return last_met_on or started_on


def reminded_this_spell(since: date, reminded_about: Optional[date], reminded_on: Optional[date]) -> bool:
    """True when the time-giver has been reminded about this same spell (a meet-up logged since starts a new one)."""
    return reminded_on is not None and reminded_about == since


def reminder_due(since: date, reminded_about: Optional[date], reminded_on: Optional[date], today: date) -> bool:
    """Nothing logged for REMIND_AFTER_DAYS and no reminder yet about this spell."""
    return (today - since).days >= REMIND_AFTER_DAYS and not reminded_this_spell(since, reminded_about, reminded_on)


def coordinator_sees_on(since: date, reminded_about: Optional[date], reminded_on: Optional[date]) -> Optional[date]:
    """The day the coordinator is shown this quiet spell, or None while no reminder has gone out for it."""
    if not reminded_this_spell(since, reminded_about, reminded_on):
        return None
    return reminded_on + timedelta(days=COORDINATOR_AFTER_MORE_DAYS)


def coordinator_due(since: date, reminded_about: Optional[date], reminded_on: Optional[date], today: date) -> bool:
    """The time-giver was reminded about this spell and COORDINATOR_AFTER_MORE_DAYS more passed with nothing logged."""
    shown_on = coordinator_sees_on(since, reminded_about, reminded_on)
    return shown_on is not None and today >= shown_on
