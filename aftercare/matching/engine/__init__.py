"""The matching engine: plain data in, ranked suggestions and batch assignments out (no Flask)."""
from .assignment import Assignment, Proposal, assign, assign_greedy, waiting_bonus
from .constraints import Eligibility, Ineligible, check_eligibility, count_ineligible, ineligibility
from .profiles import ALL_SLOTS, PARTS_OF_DAY, MatchRequest, Slot, VolunteerProfile, same_neighbourhood
from .ranking import Suggestion, rank
from .scoring import DEFAULT_WEIGHTS, Reason, ReasonCode, Score, Weights, fit, score

__all__ = [
    "ALL_SLOTS", "PARTS_OF_DAY", "DEFAULT_WEIGHTS",
    "Assignment", "Eligibility", "Ineligible", "MatchRequest", "Proposal", "Reason", "ReasonCode",
    "Score", "Slot", "Suggestion", "VolunteerProfile", "Weights",
    "assign", "assign_greedy", "check_eligibility", "count_ineligible", "fit", "ineligibility",
    "rank", "same_neighbourhood", "score", "waiting_bonus",
]
