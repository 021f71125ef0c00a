"""How a group decides on a rule proposal by consent. Pure: no Flask, no database.

Only the votes of people who are members at the time of counting count, so members who join or
leave during a vote change the count as expected.
"""
from dataclasses import dataclass

ADOPTED, REJECTED, OPEN = "adopted", "rejected", "open"


@dataclass(frozen=True)
class Tally:
    members: int
    yes: int
    no: int
    objections: int


def tally(member_ids, votes):
    """votes: {user_id: 'yes' | 'no' | 'object'}; votes of non-members are ignored."""
    members = set(member_ids)
    counted = [choice for user_id, choice in votes.items() if user_id in members]
    return Tally(members=len(members), yes=counted.count("yes"), no=counted.count("no"),
                 objections=counted.count("object"))


def decide(method, member_ids, votes, *, now, deadline=None):
    """Return ADOPTED, REJECTED or OPEN.

    majority: adopted as soon as more than half of the members said yes; rejected as soon as that can
    no longer happen (a tie is not a majority); otherwise open.
    no_objection: adopted at the deadline if no member objects then; an objection can be withdrawn
    until the deadline; open before it.
    """
    counts = tally(member_ids, votes)
    if method == "majority":
        if counts.members == 0:
            return REJECTED
        if counts.yes * 2 > counts.members:
            return ADOPTED
        undecided = counts.members - counts.yes - counts.no
        if (counts.yes + undecided) * 2 <= counts.members:
            return REJECTED
        return OPEN
    if method == "no_objection":
        if deadline is None or now < deadline:
            return OPEN
        return REJECTED if counts.objections else ADOPTED
    raise ValueError(f"unknown consent method: {method}")
