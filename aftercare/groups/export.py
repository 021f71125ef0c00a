"""The groups' section of a person's data export: her memberships, votes and places on waiting lists."""
from sqlalchemy import select

from ..extensions import db
from ..exports import register_section, row, rows
from .models import Membership, Vote, WaitingEntry


def groups(user):
    memberships = []
    for membership in db.session.scalars(select(Membership).where(Membership.user_id == user.id)):
        item = row(membership)
        item["group_name"] = membership.group.name
        memberships.append(item)
    return {"memberships": memberships,
            "votes": rows(select(Vote).where(Vote.user_id == user.id)),
            "waiting_list": rows(select(WaitingEntry).where(WaitingEntry.user_id == user.id))}


register_section("groups", groups)
