"""The sections of a person's data export, one per domain. Each returns plain JSON-ready values and
only what is about the person or written by them (never another person's private notes)."""
from datetime import date, datetime

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import lazyload

from ..extensions import db
from .registry import register_section

# Secrets are never exported: a downloaded file or a glance at the page must not hand over a way in
# (the authenticator key would be a second factor for anyone who saw it).
_NEVER = {"password_hash", "token_hash", "code_hash", "open_participant_id", "totp_secret", "totp_pending_secret",
          "totp_last_step"}


def _value(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def row(obj, skip=()):
    """Every column of a row, minus secrets and `skip`."""
    return {column.key: _value(getattr(obj, column.key)) for column in inspect(obj).mapper.column_attrs
            if column.key not in _NEVER and column.key not in skip}


def _all(query):
    # Only columns are exported: no relationship is loaded (a heavy writer's messages would otherwise
    # bring their authors and reactions along, in more statements the more they wrote).
    return [row(item) for item in db.session.scalars(query.options(lazyload("*")))]


def account(user):
    from ..accounts.models import LoginSession

    data = row(user)
    data["roles"] = sorted(role.value for role in user.roles)
    data["login_sessions"] = _all(select(LoginSession).where(LoginSession.user_id == user.id)
                                  .order_by(LoginSession.created_at))
    for item in data["login_sessions"]:
        item.pop("public_id", None)
    return data


def groups(user):
    from ..groups.models import Membership, Vote, WaitingEntry

    memberships = []
    for membership in db.session.scalars(select(Membership).where(Membership.user_id == user.id)):
        item = row(membership)
        item["group_name"] = membership.group.name
        memberships.append(item)
    return {"memberships": memberships,
            "votes": _all(select(Vote).where(Vote.user_id == user.id)),
            "waiting_list": _all(select(WaitingEntry).where(WaitingEntry.user_id == user.id))}


def chat(user):
    from ..chat.models import Message, Reaction, Report

    return {"messages": _all(select(Message).where(Message.author_id == user.id).order_by(Message.created_at)),
            "reactions": _all(select(Reaction).where(Reaction.user_id == user.id)),
            "reports": _all(select(Report).where(Report.reporter_id == user.id))}


def matching(user):
    from ..matching.models import Match, MeetUp, TimeGiver, TimeGiverRequest

    time_giver = db.session.scalar(select(TimeGiver).where(TimeGiver.user_id == user.id))
    condition = Match.participant_id == user.id
    if time_giver is not None:
        condition = or_(condition, Match.time_giver_id == time_giver.id)
    matches = []
    for match in db.session.scalars(select(Match).where(condition).order_by(Match.started_at)):
        # Each side's check-in answer is private to that side: only the person's own goes in.
        mine = "participant" if match.participant_id == user.id else "time_giver"
        other = "time_giver" if mine == "participant" else "participant"
        item = row(match, skip=("farewell", f"{other}_checked_in_for"))
        if match.ended_by_id == user.id:
            item["farewell_you_wrote"] = match.farewell
        elif match.ended_at is not None and match.farewell:
            item["farewell_to_you"] = match.farewell
        meetups = []
        for meetup in db.session.scalars(select(MeetUp).where(MeetUp.match_id == match.id)):
            entry = row(meetup, skip=("private_note",))
            if meetup.written_by_id == user.id:
                entry["your_private_note"] = meetup.private_note
            meetups.append(entry)
        item["meetups"] = meetups
        matches.append(item)
    return {"time_giver_application": row(time_giver) if time_giver else None,
            "requests": _all(select(TimeGiverRequest).where(TimeGiverRequest.participant_id == user.id)),
            "matches": matches}


def referrals(user):
    from ..referrals.services import export_section

    return export_section(user)


def audit_log(user):
    from ..audit.services import export_section

    return export_section(user)


for _name, _loader in (("account", account), ("groups", groups), ("chat", chat), ("time_givers", matching),
                       ("referral", referrals), ("audit_log", audit_log)):
    register_section(_name, _loader)
