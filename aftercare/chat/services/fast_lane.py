"""The send event's fast lane: a member's post decided and stored in few round trips (two on PostgreSQL),
by the one posting rule (policy.posting_refusal) on facts read in one query. A refusal, a guest, a resend
and anything else out of the ordinary return None and take the full path, posting.post_message."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, bindparam, case, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ... import policy
from ...database import autocommit_engine
from ...exceptions import ValidationFailed
from ...extensions import db
from ...groups.models import Phase
from ...timeutil import utcnow
from ..models import Channel, Message, Mute
from .posting import CLIENT_ID_RE, _over_posting_limit, _posting_window_start, clean_body
from .reading import message_payload

__all__ = ["posting_facts", "post_quickly"]

_statements = {}


class _Statements:
    """Built once per database kind: the facts query (what the posting rule decides on, see rule_facts;
    with the meeting the post belongs to: that of the open live session, see guests.meeting_now; with none
    open and a guest's window holding the moment, the full path decides it); on SQLite the sequence bump
    and the insert that ignores a resend; on PostgreSQL one statement doing both, and all three compiled
    for psycopg; the login's "last seen" touch."""

    def __init__(self, dialect):
        from ...accounts.models import LoginSession, Role, User, UserRole
        from ...groups.models import Group, Membership
        from ...meetings.models import GuestInvitation, Meeting
        from ..models import LiveMeeting

        login, user, channel, group = LoginSession.__table__, User.__table__, Channel.__table__, Group.__table__
        membership, mute, message = Membership.__table__, Mute.__table__, Message.__table__
        muted = exists().where(mute.c.channel_id == channel.c.id, mute.c.user_id == user.c.id,
                               mute.c.until > bindparam("now", type_=mute.c.until.type))
        resent = exists().where(message.c.author_id == user.c.id,
                                message.c.client_id == bindparam("client_id", type_=message.c.client_id.type))
        live, meeting, guest = LiveMeeting.__table__, Meeting.__table__, GuestInvitation.__table__
        live_open = exists().where(live.c.channel_id == channel.c.id, live.c.closed_at.is_(None))
        has_floor = exists().where(live.c.channel_id == channel.c.id, live.c.closed_at.is_(None),
                                   live.c.floor_user_id == user.c.id)
        # policy.may_be_group_member: a participant holding no staff kind (one bound value per kind, as the
        # PostgreSQL path sends its compiled SQL to psycopg as it is).
        role = UserRole.__table__
        may_be_member = and_(
            exists().where(role.c.user_id == user.c.id, role.c.role == Role.PARTICIPANT.value),
            ~exists().where(role.c.user_id == user.c.id,
                            or_(*(role.c.role == kind.value for kind in sorted(policy.STAFF_KINDS)))))
        # Slow mode needs the person's last post in the channel; without it, nothing is read.
        last_post_at = case((channel.c.slow_mode_seconds > 0,
                             select(func.max(message.c.created_at))
                             .where(message.c.channel_id == channel.c.id, message.c.author_id == user.c.id)
                             .scalar_subquery()))
        live_meeting_id = (select(meeting.c.id).select_from(live.join(meeting, meeting.c.id == live.c.meeting_id))
                           .where(live.c.channel_id == channel.c.id, live.c.closed_at.is_(None),
                                  meeting.c.group_id == channel.c.group_id)
                           .order_by(live.c.id.desc()).limit(1).scalar_subquery())
        guest_window_open = exists().select_from(guest.join(meeting, meeting.c.id == guest.c.meeting_id)).where(
            meeting.c.group_id == channel.c.group_id, meeting.c.cancelled_at.is_(None), guest.c.status == "adopted",
            meeting.c.starts_at <= bindparam("window_opens", type_=meeting.c.starts_at.type),
            meeting.c.ends_at > bindparam("now", type_=meeting.c.ends_at.type))
        recent_posts = (select(func.count()).select_from(message)
                        .where(message.c.author_id == user.c.id,
                               message.c.created_at > bindparam("since", type_=message.c.created_at.type))
                        .scalar_subquery())
        self.facts = (
            select(login.c.user_id, login.c.last_seen_at, user.c.is_disabled, user.c.display_name,
                   channel.c.kind, channel.c.closed_at.label("channel_closed_at"), channel.c.paused,
                   channel.c.slow_mode_seconds, channel.c.pair_a_id, channel.c.pair_b_id, group.c.phase,
                   group.c.rules_version, group.c.floor_only_in_meetings,
                   membership.c.status.label("membership_status"), membership.c.role.label("membership_role"),
                   membership.c.accepted_rules_version, may_be_member.label("may_be_member"),
                   muted.label("muted"), resent.label("resent"), recent_posts.label("recent_posts"),
                   live_open.label("live_open"), has_floor.label("has_floor"),
                   live_meeting_id.label("live_meeting_id"), last_post_at.label("last_post_at"),
                   guest_window_open.label("guest_window_open"))
            .select_from(login.join(user, user.c.id == login.c.user_id)
                         .join(channel, channel.c.id == bindparam("channel_id"))
                         .outerjoin(group, group.c.id == channel.c.group_id)
                         .outerjoin(membership, and_(membership.c.group_id == group.c.id,
                                                     membership.c.user_id == user.c.id)))
            .where(login.c.public_id == bindparam("public_id"), login.c.ended_at.is_(None))
        )
        bump = (update(channel).where(channel.c.id == bindparam("channel_id"))
                .values(last_seq=channel.c.last_seq + 1).returning(channel.c.last_seq))
        if dialect == "postgresql":
            # Number and store in one statement: it commits or fails as a whole (a resend racing its twin
            # fails on the unique constraint and gives its number back).
            bumped = bump.cte("bumped")
            numbered = select(bindparam("in_channel", type_=message.c.channel_id.type), bumped.c.last_seq,
                              bindparam("author", type_=message.c.author_id.type),
                              bindparam("client", type_=message.c.client_id.type),
                              bindparam("text", type_=message.c.body.type),
                              bindparam("at", type_=message.c.created_at.type),
                              bindparam("meeting", type_=message.c.meeting_id.type))
            self.write = (postgresql.insert(message)
                          .from_select(["channel_id", "seq", "author_id", "client_id", "body", "created_at",
                                        "meeting_id"], numbered)
                          .returning(message.c.id, message.c.seq))
        else:
            self.bump = bump
            self.insert = (sqlite.insert(message).on_conflict_do_nothing(index_elements=["author_id", "client_id"])
                           .returning(message.c.id))
        self.touch = (update(login).where(login.c.public_id == bindparam("login_id"))
                      .values(last_seen_at=bindparam("seen_at", type_=login.c.last_seen_at.type)))
        if dialect == "postgresql":  # psycopg's SQL and constant parameters, for the send path's hottest code
            from sqlalchemy.dialects.postgresql import psycopg

            compiled = {name: statement.compile(dialect=psycopg.dialect())
                        for name, statement in (("facts", self.facts), ("write", self.write), ("touch", self.touch))}
            self.driver = {name: (str(c), dict(c.params)) for name, c in compiled.items()}


def _posting_statements(dialect):
    if dialect not in _statements:
        _statements[dialect] = _Statements(dialect)
    return _statements[dialect]


def _facts_params(login_public_id, channel_id, client_id, now):
    return {"public_id": login_public_id, "channel_id": channel_id, "client_id": client_id or "", "now": now,
            "since": _posting_window_start(now), "window_opens": now + policy.GUEST_EARLY}


def posting_facts(login_public_id, channel_id, now, client_id=None):
    """One row with what deciding on a post needs (see rule_facts), or None (no live login by that id);
    `resent` says whether this person already stored a message with this client id, `recent_posts` how
    many they posted within the posting limit's window."""
    facts = _posting_statements(db.engine.dialect.name).facts
    return db.session.connection().execute(facts, _facts_params(login_public_id, channel_id, client_id, now)).first()


def rule_facts(row, now):
    """The posting rule's facts (policy.PostingFacts) from a row of posting_facts, or None. Signed in: an
    enabled account whose login has not been idle too long. No guest's visit is read here: for a guest
    the rule says no, and the full path, which loads the visit, decides."""
    if row is None:
        return None
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    signed_in = row.is_disabled is False and row.last_seen_at is not None and now - row.last_seen_at <= idle
    moment = policy.PostingMoment(now=now, paused=bool(row.paused), muted=bool(row.muted),
                                  floor_only_in_meetings=bool(row.floor_only_in_meetings),
                                  live_open=bool(row.live_open), has_floor=bool(row.has_floor),
                                  slow_mode_seconds=row.slow_mode_seconds or 0, last_post_at=row.last_post_at)
    return policy.PostingFacts(
        kind=row.kind, signed_in=signed_in, channel_closed=row.channel_closed_at is not None,
        in_pair=row.kind == "pair" and row.user_id in (row.pair_a_id, row.pair_b_id),
        group_closed=row.phase == Phase.CLOSED, rules_version=1 if row.rules_version is None else row.rules_version,
        membership_status=row.membership_status, membership_role=row.membership_role,
        accepted_rules_version=row.accepted_rules_version, may_be_member=bool(row.may_be_member), moment=moment)


def _may_post_quickly(facts, now):
    """The short path stores the post only when the posting rule says yes on the facts, it is not a
    resend, and the poster is under the posting limit (over it, the full path answers and explains)."""
    if facts is None or facts.resent or _over_posting_limit(facts.recent_posts):
        return False
    if facts.guest_window_open and not facts.live_open:  # which meeting it belongs to: the full path decides
        return False
    return policy.posting_refusal(rule_facts(facts, now)) is None


def _touch_due(facts, now):
    """The login's "last seen" is kept fresh by posting, as a page load does, at most once a minute."""
    return now - facts.last_seen_at > timedelta(minutes=1)


def post_quickly(login_public_id, channel_id, client_id, body, now=None):
    """The socket's send path for a post the posting rule allows: (broadcast view, True) once it is
    committed, or None when the rule refuses it (a mute, a pause, the floor rule, slow mode…) or anything
    is out of the ordinary (bad input, a resend, a guest, an idle or ended login, a dropped database
    connection…): the caller then takes the full path, post_message, which decides and explains."""
    now = now or utcnow()
    if not (isinstance(login_public_id, str) and isinstance(channel_id, int) and isinstance(client_id, str)
            and CLIENT_ID_RE.match(client_id)):
        return None
    try:
        body = clean_body(body)
    except ValidationFailed:
        return None
    if db.engine.dialect.name == "postgresql":
        stored = _store_on_postgresql(login_public_id, channel_id, client_id, body, now)
    else:
        stored = _store_in_session(login_public_id, channel_id, client_id, body, now)
    if stored is None:
        return None
    facts, message_id, seq = stored
    # author_label is None: the short path posts only for an active member or one of a pair (it reads no
    # guest's visit), never for a guest professional.
    return message_payload(id=message_id, channel_id=channel_id, seq=seq, author=facts.display_name,
                           author_id=facts.user_id, body=body, created_at=now,
                           meeting_id=facts.live_meeting_id), True


def _store_in_session(login_public_id, channel_id, client_id, body, now):
    """SQLite: one transaction on the session's connection."""
    statements = _posting_statements(db.engine.dialect.name)
    connection = db.session.connection()
    facts = connection.execute(statements.facts, _facts_params(login_public_id, channel_id, client_id, now)).first()
    if not _may_post_quickly(facts, now):
        db.session.rollback()
        return None
    seq = connection.execute(statements.bump, {"channel_id": channel_id}).scalar()
    if seq is None:  # the channel went away since the facts were read
        db.session.rollback()
        return None
    message_id = connection.execute(statements.insert, {
        "channel_id": channel_id, "seq": seq, "author_id": facts.user_id, "client_id": client_id, "body": body,
        "created_at": now, "meeting_id": facts.live_meeting_id}).scalar()
    if message_id is None:  # the same resend twice at once: the full path returns the stored one
        db.session.rollback()
        return None
    if _touch_due(facts, now):
        connection.execute(statements.touch, {"login_id": login_public_id, "seen_at": now})
    db.session.commit()
    return facts, message_id, seq


def _store_on_postgresql(login_public_id, channel_id, client_id, body, now):
    """PostgreSQL: on the autocommit pool (database.autocommit_engine), the facts query and the one writing
    statement are a round trip each, with no BEGIN, COMMIT or checkout ping; both go to psycopg as SQL
    compiled once from the Core statements above (the send path's hottest code). A connection that died
    is noticed by its error, and that post takes the full path on the main pool, which pings first; so
    does a post that finds every connection of the small pool busy for too long."""
    import psycopg
    from psycopg.rows import namedtuple_row

    facts_sql, facts_defaults = _posting_statements("postgresql").driver["facts"]
    write_sql, write_defaults = _posting_statements("postgresql").driver["write"]
    try:
        connection = autocommit_engine().raw_connection()
    except (PoolTimeout, DBAPIError):  # every connection busy, or the database unreachable: the full path
        return None
    try:
        with connection.cursor(row_factory=namedtuple_row) as cursor:
            cursor.execute(facts_sql, {**facts_defaults,
                                       **_facts_params(login_public_id, channel_id, client_id, now)})
            facts = cursor.fetchone()
            if not _may_post_quickly(facts, now):
                return None
            try:
                cursor.execute(write_sql, {**write_defaults, "in_channel": channel_id, "channel_id": channel_id,
                                           "author": facts.user_id, "client": client_id, "text": body, "at": now,
                                           "meeting": facts.live_meeting_id})
            except psycopg.IntegrityError:  # the same resend twice at once: nothing was stored or numbered
                return None
            stored = cursor.fetchone()
            if stored is None:  # the channel went away since the facts were read
                return None
            if _touch_due(facts, now):
                touch_sql, touch_defaults = _posting_statements("postgresql").driver["touch"]
                cursor.execute(touch_sql, {**touch_defaults, "login_id": login_public_id, "seen_at": now})
    except psycopg.OperationalError:  # a dead connection (a database restart kills them all): start afresh
        connection.invalidate()
        autocommit_engine().dispose()
        return None
    except BaseException:
        # Cut short mid-statement (the send's deadline, a stopped process): the connection's state is
        # unknown, so it is never reused.
        connection.invalidate()
        raise
    finally:
        connection.close()  # back to the pool (or discarded, when invalidated)
    return facts, stored.id, stored.seq
