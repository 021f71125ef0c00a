"""A match's life: the introduction in a private chat, meet-ups, the check-in, and ending it.

Either side can end a match at any time without a reason. The coordinator sees that a match
ended, never why, and which matches have stayed quiet after the time-giver was reminded; nothing more.
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from ... import policy
from ...exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ...notifications.services import acted_on, notify
from .. import quiet
from ..models import Match, MeetUp, RequestState, TimeGiver, TimeGiverRequest
from . import telling
from ...timeutil import local_date, local_today
from .common import clean_text, page_of, release_place

CHECK_IN_EVERY_DAYS = 90
MAX_MEETUPS_SHOWN = 50


def introduce(match):
    """Open the pair's private chat channel and link it to the match; the caller commits."""
    from ...chat.services import open_pair_channel

    channel = open_pair_channel(match.time_giver.user, match.participant)
    db.session.flush()
    match.channel_id = channel.id
    return channel


def _close_channel(match):
    """Close the pair's channel: both can still read it, nobody can post any more."""
    if match.channel_id is None:
        return
    from ...chat.models import Channel

    db.session.execute(update(Channel).where(Channel.id == match.channel_id, Channel.closed_at.is_(None))
                       .values(closed_at=utcnow()).execution_options(synchronize_session=False))


# --- the pair's own pages ---

def my_matches(user):
    """(as participant, as time-giver): the user's matches, active first, newest first."""
    if not policy.is_signed_in(user):
        return [], []
    order = (Match.ended_at.is_not(None), Match.started_at.desc())
    as_participant = db.session.scalars(select(Match).where(Match.participant_id == user.id).order_by(*order)).all()
    as_time_giver = db.session.scalars(
        select(Match).join(TimeGiver, TimeGiver.id == Match.time_giver_id)
        .where(TimeGiver.user_id == user.id).order_by(*order)).all()
    return as_participant, as_time_giver


def get_match(user, match_id):
    """A match of this user's. Raises NotFound for anyone else, the coordinator included."""
    match = db.session.get(Match, match_id) if isinstance(match_id, int) else None
    if match is None or not policy.can_view_match(user, match):
        raise NotFound()
    return match


def active_match_count(time_giver):
    return db.session.scalar(select(func.count()).select_from(Match).where(
        Match.time_giver_id == time_giver.id, Match.ended_at.is_(None)))


def meetups(user, match):
    """The pair's meet-ups, newest first, as dicts; a private note is included only for its writer.
    Raises NotFound."""
    if not policy.can_view_match(user, match):
        raise NotFound()
    rows = db.session.scalars(select(MeetUp).where(MeetUp.match_id == match.id)
                              .order_by(MeetUp.met_on.desc(), MeetUp.id.desc()).limit(MAX_MEETUPS_SHOWN))
    return [{"met_on": row.met_on, "activity": row.activity, "mine": row.written_by_id == user.id,
             "private_note": row.private_note if row.written_by_id == user.id else ""} for row in rows]


def log_meetup(user, match, *, met_on, activity, private_note="", today=None):
    """Log a meet-up: its date and activity are for both; the note stays private to the writer.

    Raises NotFound, Conflict (the match has ended), ValidationFailed.
    """
    if not policy.can_view_match(user, match):
        raise NotFound()
    if not policy.can_log_meetup(user, match):
        raise Conflict(_l("This pairing has ended."))
    today = today or local_today()
    if met_on is None:
        raise ValidationFailed(_l("Give the date you met."), field="met_on")
    if met_on > today:
        raise ValidationFailed(_l("Log a meet-up after it has happened."), field="met_on")
    if met_on < local_date(match.started_at):
        raise ValidationFailed(_l("This date is before your pairing started."), field="met_on")
    activity = clean_text(activity, field="activity", max_length=80, required=True,
                          required_message=_l("Write what you did, for example a walk or coffee."))
    note = clean_text(private_note, field="private_note", max_length=2000)
    db.session.add(MeetUp(match_id=match.id, written_by_id=user.id, met_on=met_on, activity=activity,
                          private_note=note))
    db.session.commit()


def _side(user, match):
    return "participant" if match.participant_id == user.id else "time_giver"


def check_in_due(user, match, today=None):
    """True when the user has a check-in to answer for this match (every three months)."""
    if not policy.can_check_in(user, match):
        return False
    today = today or local_today()
    answered = getattr(match, _side(user, match) + "_checked_in_for")
    return today >= match.check_in_due_on and answered != match.check_in_due_on


def check_in(user, match, today=None):
    """Answer "let us go on" at the check-in; the other side never sees the answer. (Not going on is
    ending the match.) When both have answered, the next check-in is three months later.

    Raises NotFound, Conflict (ended), ValidationFailed (not due).
    """
    if not policy.can_view_match(user, match):
        raise NotFound()
    if not policy.can_check_in(user, match):
        raise Conflict(_l("This pairing has ended."))
    if not check_in_due(user, match, today):
        raise ValidationFailed(_l("There is no check-in to answer now."))
    due = match.check_in_due_on
    column = getattr(Match, _side(user, match) + "_checked_in_for")
    db.session.execute(update(Match).where(Match.id == match.id).values({column: due})
                       .execution_options(synchronize_session=False))
    db.session.execute(
        update(Match).where(Match.id == match.id, Match.check_in_due_on == due,
                            Match.participant_checked_in_for == due, Match.time_giver_checked_in_for == due)
        .values(check_in_due_on=due + timedelta(days=CHECK_IN_EVERY_DAYS))
        .execution_options(synchronize_session=False))
    acted_on([user.id], telling.check_in_about(match))
    db.session.commit()


def end_match(user, match, farewell=""):
    """End a match without a reason. An optional farewell is shown only to the other person.
    The request closes (the participant may ask again), the place is freed, the chat is closed.

    Raises NotFound, Conflict (already ended), ValidationFailed (farewell too long).
    """
    if not policy.can_view_match(user, match):
        raise NotFound()
    farewell = clean_text(farewell, field="farewell", max_length=500)
    ended = policy.can_end_match(user, match) and db.session.execute(
        update(Match).where(Match.id == match.id, Match.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_by_id=user.id, farewell=farewell)
        .execution_options(synchronize_session=False)).rowcount == 1
    if not ended:
        db.session.rollback()
        raise Conflict(_l("This pairing has already ended."))
    _close_request(match.request_id)
    release_place(match.time_giver_id)
    _close_channel(match)
    telling.match_ended(match, user)
    db.session.commit()


def _close_request(request_id):
    db.session.execute(
        update(TimeGiverRequest).where(TimeGiverRequest.id == request_id)
        .values(state=RequestState.ENDED, open_participant_id=None, state_changed_at=utcnow())
        .execution_options(synchronize_session=False))


# --- for coordinators: that a match exists or ended, and who needs a follow-up ---

def overview(user, today=None, page=1, ended_page=1):
    """(a page of the active matches with the date of their last meet-up or None, a page of the matches that
    ended in the last 90 days), each a `Page`. No reasons, notes or answers are included. Raises PermissionDenied."""
    if not policy.can_follow_up_matches(user):
        raise PermissionDenied()
    last_meetup = (select(MeetUp.match_id, func.max(MeetUp.met_on).label("last_met_on"))
                   .group_by(MeetUp.match_id).subquery())
    active = page_of(
        select(Match, last_meetup.c.last_met_on).outerjoin(last_meetup, last_meetup.c.match_id == Match.id)
        .where(Match.ended_at.is_(None), Match.participant_id != user.id).order_by(Match.started_at, Match.id),
        page, rows=True)
    since = utcnow() - timedelta(days=90)
    ended = page_of(select(Match).where(Match.ended_at >= since, Match.participant_id != user.id)
                    .order_by(Match.ended_at.desc(), Match.id.desc()), ended_page)
    return active, ended


def _spell(match, last_met_on):
    return quiet.quiet_since(last_met_on, local_date(match.started_at)), match.quiet_since, match.quiet_nudged_on


def needs_follow_up(match, last_met_on, today):
    """The coordinator is shown a match only when its time-giver was reminded that nothing had been logged
    for 30 days and 14 more days passed with nothing logged."""
    return quiet.coordinator_due(*_spell(match, last_met_on), today)


def follow_ups(user, today=None):
    """Active matches the coordinator may ask the time-giver about (see needs_follow_up). Raises PermissionDenied."""
    today = today or local_today()
    active, _ended = overview(user, today)
    return [(match, last) for match, last in active if needs_follow_up(match, last, today)]


def _last_met_on(match):
    return db.session.scalar(select(func.max(MeetUp.met_on)).where(MeetUp.match_id == match.id))


def quiet_state(user, match, today=None):
    """What both of the pair are told about the quiet-match follow-up of their active match: None while
    nothing is due, else {"since", "reminded_on", "coordinator_on", "coordinator_told"}. Reads only.
    Raises NotFound."""
    if not policy.can_view_match(user, match):
        raise NotFound()
    if not match.is_active:
        return None
    today = today or local_today()
    since, about, reminded_on = _spell(match, _last_met_on(match))
    coordinator_on = quiet.coordinator_sees_on(since, about, reminded_on)
    if coordinator_on is None:
        return None
    return {"since": since, "reminded_on": reminded_on, "coordinator_on": coordinator_on,
            "coordinator_told": today >= coordinator_on}


def remind_quiet_matches(today=None):
    """The sweep: remind each time-giver, privately, of an active match with nothing logged for 30 days
    (once per quiet spell). Commits once; returns how many were reminded."""
    today = today or local_today()
    last_meetup = (select(MeetUp.match_id, func.max(MeetUp.met_on).label("last_met_on"))
                   .group_by(MeetUp.match_id).subquery())
    rows = db.session.execute(
        select(Match, last_meetup.c.last_met_on).outerjoin(last_meetup, last_meetup.c.match_id == Match.id)
        .where(Match.ended_at.is_(None)).order_by(Match.id)).all()
    reminded = 0
    for match, last_met_on in rows:
        since, about, reminded_on = _spell(match, last_met_on)
        if not quiet.reminder_due(since, about, reminded_on, today):
            continue
        match.quiet_since, match.quiet_nudged_on = since, today
        notify([match.time_giver.user_id], "match_quiet", link=f"/time-givers/matches/{match.id}",
               days=quiet.REMIND_AFTER_DAYS, more_days=quiet.COORDINATOR_AFTER_MORE_DAYS)
        reminded += 1
    db.session.commit()
    return reminded


def announce_check_ins(today=None):
    """The sweep: tell each side of an active match, once per check-in, that the three-month check-in is due
    (those who have not answered it yet). Commits once; returns how many matches were announced."""
    today = today or local_today()
    due = db.session.scalars(select(Match).where(
        Match.ended_at.is_(None), Match.check_in_due_on <= today,
        or_(Match.check_in_announced_for.is_(None), Match.check_in_announced_for != Match.check_in_due_on))
        .order_by(Match.id)).all()
    for match in due:
        match.check_in_announced_for = match.check_in_due_on
        waiting = [user_id for user_id, answered in ((match.participant_id, match.participant_checked_in_for),
                                                     (match.time_giver.user_id, match.time_giver_checked_in_for))
                   if answered != match.check_in_due_on]
        telling.check_in_due(match, waiting)
    db.session.commit()
    return len(due)
