"""Seeds the page benchmark's "large organisation" with bulk inserts (COPY on PostgreSQL): participants in
groups with weekly meetings, each group's chat history, time-givers with their requests and matches, and
notifications; a database already seeded at the same size is reused as it is.
"""
import json
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from argon2 import PasswordHasher
from sqlalchemy import func, insert, select, text

from aftercare.accounts.models import LoginSession, Role, User, UserRole
from aftercare.chat.models import Channel, Message, Reaction, ReadMarker
from aftercare.extensions import db
from aftercare.groups.models import TEMPLATE_RULES, Group, Membership, Rule
from aftercare.matching.models import Match, TimeGiver, TimeGiverRequest
from aftercare.meetings.models import AgendaItem, Meeting, MeetingSeries
from aftercare.notifications.models import Notification
from aftercare.timeutil import local_today

PASSWORD = "bench passphrase"
COORDINATOR = "org-coordinator"
# Known two-factor key, so the coordinator is not held at the two-factor set-up page.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class Size:
    participants: int = 2000
    groups: int = 200
    meetings_per_group: int = 12
    time_givers: int = 300
    messages: int = 50_000

    def scaled(self, scale):
        return Size(max(20, int(self.participants * scale)), max(2, int(self.groups * scale)),
                    self.meetings_per_group, max(10, int(self.time_givers * scale)),
                    max(100, int(self.messages * scale)))

    @property
    def marker(self):
        return f"org-{self.participants}-{self.groups}-{self.time_givers}-{self.messages}"


def _rows(session, table, rows, chunk=5000):
    for start in range(0, len(rows), chunk):
        session.execute(insert(table), rows[start:start + chunk])


def _copy(session, table, columns, rows):
    """COPY on PostgreSQL (minutes become seconds), plain bulk inserts elsewhere."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        _rows(session, table, [dict(zip(columns, row)) for row in rows])
        return
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(value) if isinstance(value, (dict, list)) else value for value in row])


def is_seeded(size):
    return db.session.scalar(select(func.count()).select_from(User).where(User.username == size.marker)) > 0


def seed(size, rng=None):
    """Fill an empty, migrated database. Returns nothing: `layout()` reads what is there."""
    rng = rng or random.Random(20)
    now = datetime.now(timezone.utc)
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    session = db.session
    _rows(session, User.__table__, [dict(username=COORDINATOR, display_name="Coordinator", password_hash=cheap,
                                         totp_secret=TOTP_SECRET, totp_enabled_at=now, created_at=now,
                                         password_changed_at=now, is_disabled=False)])
    users = [dict(username=f"org-p{n:05d}", display_name=f"Participant {n}", password_hash=cheap, created_at=now,
                   password_changed_at=now, is_disabled=False) for n in range(size.participants)]
    users += [dict(username=f"org-t{n:04d}", display_name=f"Time-giver {n}", password_hash=cheap, created_at=now,
                   password_changed_at=now, is_disabled=False) for n in range(size.time_givers)]
    users.append(dict(username=size.marker, display_name="Seed marker", password_hash=cheap, created_at=now,
                      password_changed_at=now, is_disabled=True))
    _rows(session, User.__table__, users)
    ids = dict(session.execute(select(User.username, User.id)).all())
    coordinator = ids[COORDINATOR]
    participants = [ids[f"org-p{n:05d}"] for n in range(size.participants)]
    givers = [ids[f"org-t{n:04d}"] for n in range(size.time_givers)]
    roles = [dict(user_id=coordinator, role=Role.COORDINATOR, granted_at=now)]
    roles += [dict(user_id=u, role=Role.PARTICIPANT, granted_at=now) for u in participants]
    roles += [dict(user_id=u, role=Role.TIME_GIVER, granted_at=now) for u in givers]
    _rows(session, UserRole.__table__, roles)

    per_group = size.participants // size.groups
    _rows(session, Group.__table__, [dict(
        name=f"Group {g}", purpose="A group of the large organisation.", capacity=per_group + 5,
        seats_taken=per_group, created_by_id=coordinator, phase="working", created_at=now, kind="self_help",
        intake="closed", meeting_rhythm="Weekly", meeting_minutes=90, audience="", chat_retention_days=90,
        timezone="Europe/Oslo", consent_method="majority", objection_days=7, floor_only_in_meetings=False,
        records_attendance=False, language="nb", named_votes=False, rules_version=1, readable_days_after_close=90)
        for g in range(size.groups)])
    group_ids = list(session.scalars(select(Group.id).order_by(Group.id)))
    members = {gid: participants[i * per_group:(i + 1) * per_group] for i, gid in enumerate(group_ids)}
    _rows(session, Membership.__table__, [dict(
        group_id=gid, user_id=u, role="leader" if k < 2 else "member", status="active", joined_at=now,
        accepted_rules_version=1, share_phone=False) for gid, people in members.items() for k, u in enumerate(people)])
    _rows(session, Rule.__table__, [dict(group_id=gid, position=i, text=str(t), adopted_at=now, adopted_in_version=1)
                                    for gid in group_ids for i, t in enumerate(TEMPLATE_RULES, start=1)])
    _rows(session, Channel.__table__, [dict(kind="group", group_id=gid, last_seq=0, paused=False,
                                            slow_mode_seconds=0, created_at=now) for gid in group_ids])
    channels = dict(session.execute(select(Channel.group_id, Channel.id).where(Channel.group_id.is_not(None))).all())

    first = local_today() - timedelta(weeks=size.meetings_per_group // 2)
    _rows(session, MeetingSeries.__table__, [dict(
        group_id=gid, recurrence="weekly", first_date=first, start_time=time(18), end_time=time(19, 30),
        timezone="Europe/Oslo", weeks=size.meetings_per_group, place="Room 1", online=False, created_by_id=coordinator,
        created_at=now) for gid in group_ids])
    series = dict(session.execute(select(MeetingSeries.group_id, MeetingSeries.id)).all())
    start = datetime.combine(first, time(17), tzinfo=timezone.utc)
    _rows(session, Meeting.__table__, [dict(
        group_id=gid, series_id=series[gid], starts_at=start + timedelta(weeks=w),
        ends_at=start + timedelta(weeks=w, minutes=90), place="Room 1", online=False, created_at=now)
        for gid in group_ids for w in range(size.meetings_per_group)])
    meetings = session.execute(select(Meeting.id, Meeting.group_id)).all()
    _rows(session, AgendaItem.__table__, [dict(
        meeting_id=mid, text=f"Agenda point {k}", proposed_by_id=members[gid][k % per_group], position=k,
        created_at=now) for mid, gid in meetings for k in range(3)])

    # The chat history: spread over the groups, oldest first; the first member of each group writes a
    # third of it (the heavy user whose my-data page is measured).
    per_channel = size.messages // len(group_ids)
    span = timedelta(days=80)
    message_rows, last_seq = [], {}
    for gid in group_ids:
        people = members[gid]
        channel = channels[gid]
        for seq in range(1, per_channel + 1):
            author = people[0] if seq % 3 == 0 else people[rng.randrange(len(people))]
            created = now - span + span * seq / per_channel
            message_rows.append((channel, seq, author, uuid.uuid4().hex, f"Message {seq} in group {gid}: "
                                 "how the week went, and what helps.", created))
        last_seq[channel] = per_channel
    _copy(session, Message.__table__, ["channel_id", "seq", "author_id", "client_id", "body", "created_at"],
          message_rows)
    for channel, seq in last_seq.items():
        session.execute(Channel.__table__.update().where(Channel.id == channel).values(last_seq=seq))
    del message_rows
    # Reactions on one message in ten (the newest of each channel among them), and read markers halfway.
    message_ids = session.execute(select(Message.id, Message.channel_id).where(Message.seq % 10 == 0)).all()
    group_of = {channel: gid for gid, channel in channels.items()}
    _copy(session, Reaction.__table__, ["message_id", "user_id", "kind"],
          [(mid, members[group_of[channel]][k], "heart") for mid, channel in message_ids for k in range(2)])
    _rows(session, ReadMarker.__table__, [dict(channel_id=channels[gid], user_id=u, last_read_seq=per_channel // 2)
                                          for gid, people in members.items() for u in people])

    _rows(session, TimeGiver.__table__, [dict(
        user_id=u, state="active" if k % 3 else "approved", motivation="I have time to give.", interests=["walks"],
        activities=["walk"], languages=["nb"], area="Oslo", availability=["evenings"], capacity=2, places_taken=0,
        boundaries="", declaration_version="1", applied_at=now, updated_at=now, state_changed_at=now,
        decline_reason="") for k, u in enumerate(givers)])
    giver_ids = list(session.scalars(select(TimeGiver.id).order_by(TimeGiver.id)))
    askers = participants[::4]
    _rows(session, TimeGiverRequest.__table__, [dict(
        participant_id=u, open_participant_id=u, state="matched" if k % 2 else "waiting", wishes="Someone to walk with.",
        activities=["walk"], interests=["walks"], languages=["nb"], area="Oslo", availability=["evenings"],
        avoid_names=[], avoid_note="", avoid_own_neighbourhood=False, shared_with_coordinator=[],
        shared_with_time_giver=[], created_at=now, state_changed_at=now) for k, u in enumerate(askers)])
    matched = session.execute(select(TimeGiverRequest.id, TimeGiverRequest.participant_id)
                              .where(TimeGiverRequest.state == "matched")).all()
    _rows(session, Match.__table__, [dict(
        request_id=rid, participant_id=pid, time_giver_id=giver_ids[k % len(giver_ids)], started_at=now,
        check_in_due_on=local_today() + timedelta(days=14), farewell="") for k, (rid, pid) in enumerate(matched)])

    notifications = [(u, "group_no_leader", {"group": "Group"}, "/groups/", now - timedelta(hours=k),
                      None if k % 4 else now) for u in participants for k in range(20)]
    _copy(session, Notification.__table__, ["user_id", "kind", "params", "link", "created_at", "read_at"],
          notifications)
    session.commit()
    if session.connection().dialect.name == "postgresql":
        # Plans for tables that were just filled by COPY need their statistics (autovacuum gets there later).
        session.execute(text("ANALYZE"))
        session.commit()


@dataclass
class Layout:
    """Who the benchmark signs in as and the addresses each of them opens."""
    participants: list  # (user id, group id, channel id, meeting id) per participant signed in
    coordinator_id: int
    request_id: int


def layout(count):
    """`count` participants, one per group in turn (the first member: the group's heaviest writer)."""
    heads = db.session.execute(
        select(Membership.user_id, Membership.group_id, Channel.id)
        .join(Channel, Channel.group_id == Membership.group_id)
        .join(User, User.id == Membership.user_id).where(User.username.like("org-p%"))
        .order_by(Membership.id)).all()
    first_of = {}
    for user_id, group_id, channel_id in heads:
        first_of.setdefault(group_id, (user_id, group_id, channel_id))
    chosen = list(first_of.values())
    people = []
    for k in range(count):
        user_id, group_id, channel_id = chosen[k % len(chosen)]
        meeting = db.session.scalar(select(Meeting.id).where(Meeting.group_id == group_id).order_by(Meeting.starts_at))
        people.append((user_id, group_id, channel_id, meeting))
    coordinator = db.session.scalar(select(User.id).where(User.username == COORDINATOR))
    request = db.session.scalar(select(TimeGiverRequest.id).where(TimeGiverRequest.state == "waiting")
                                .order_by(TimeGiverRequest.id))
    return Layout(people, coordinator, request)


def sign_in(app, user_ids):
    """A login session per entry (two-factor done), as the login page makes it: the signed cookie of each."""
    from flask import session

    serializer = app.session_interface.get_signing_serializer(app)
    now = datetime.now(timezone.utc)
    cookies = []
    for user_id in user_ids:
        public_id = uuid.uuid4().hex + uuid.uuid4().hex
        db.session.add(LoginSession(public_id=public_id, user_id=user_id, created_at=now, last_seen_at=now,
                                    device="bench"))
        with app.test_request_context("/"):
            session["_user_id"] = public_id
            session["_fresh"] = True
            session.permanent = True
            cookies.append(serializer.dumps(dict(session)))
    db.session.commit()
    return cookies

