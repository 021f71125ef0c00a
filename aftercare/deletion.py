"""What deleting an account does beyond the account itself: the person's choice about their messages,
their matches ended kindly, their groups never silently leaderless, and a log line without personal data.
Listens to `account_deleting`, sent inside the deletion's transaction."""
from sqlalchemy import delete, or_, select, update

from . import audit, notices
from .extensions import db
from .signals import account_deleting
from .timeutil import utcnow


def _messages(user, delete_messages):
    from .chat.models import Message

    if delete_messages:
        db.session.execute(delete(Message).where(Message.author_id == user.id)
                           .execution_options(synchronize_session=False))
    # Otherwise the messages stay and show as "Deleted member" once the author is gone (SET NULL).


def _matches(user):
    from .chat.models import Channel
    from .matching.models import Match, RequestState, TimeGiver, TimeGiverRequest
    from .matching.services.common import release_place

    time_giver_id = db.session.scalar(select(TimeGiver.id).where(TimeGiver.user_id == user.id))
    condition = Match.participant_id == user.id
    if time_giver_id is not None:
        condition = or_(condition, Match.time_giver_id == time_giver_id)
    now = utcnow()
    for match in db.session.scalars(select(Match).where(condition, Match.ended_at.is_(None))):
        match.ended_at, match.ended_by_id = now, None
        if match.participant_id == user.id:
            release_place(match.time_giver_id)
            notices.add(match.time_giver.user_id, "match.participant_left")
        else:
            db.session.execute(update(TimeGiverRequest).where(TimeGiverRequest.id == match.request_id)
                               .values(state=RequestState.ENDED, open_participant_id=None, state_changed_at=now))
            notices.add(match.participant_id, "match.time_giver_left")
        if match.channel_id is not None:
            db.session.execute(update(Channel).where(Channel.id == match.channel_id, Channel.closed_at.is_(None))
                               .values(closed_at=now))


def groups_left_without_leader(user):
    """Groups the person leads alone: after deletion they have no leader, and their coordinator sees it."""
    from .groups.models import Membership

    led = db.session.scalars(select(Membership).where(Membership.user_id == user.id,
                                                      Membership.status == "active", Membership.role == "leader"))
    return [m.group for m in led if not m.group.is_closed and len(m.group.leaders) == 1]


def _pending_proposals(user):
    """Proposals still waiting for an answer are withdrawn: the time-giver's place comes back, the
    participant's request returns to the queue."""
    from .matching.models import Proposal, ProposalState, TimeGiver, TimeGiverRequest
    from .matching.services.common import close_proposal

    mine = select(TimeGiverRequest.id).where(TimeGiverRequest.participant_id == user.id)
    as_time_giver = select(TimeGiver.id).where(TimeGiver.user_id == user.id)
    for proposal in db.session.scalars(select(Proposal).where(
            Proposal.state.in_(ProposalState.PENDING),
            or_(Proposal.request_id.in_(mine), Proposal.time_giver_id.in_(as_time_giver)))):
        close_proposal(proposal, ProposalState.WITHDRAWN)


@account_deleting.connect
def _on_account_deleting(user, delete_messages=False, **_):
    _messages(user, delete_messages)
    _pending_proposals(user)
    _matches(user)
    # A co-leader simply carries on; a group with no leader left shows a warning on the page of the
    # coordinator who set it up ("This group has no leader").
    _tell_coordinators_of_leaderless_groups(user)
    _scrub_meeting_logs(user)
    _scrub_audit_names(user)
    audit.record("account.deleted", actor=None, actor_label="")


def _tell_coordinators_of_leaderless_groups(user):
    from .notifications.services import notify

    for group in groups_left_without_leader(user):
        if group.created_by_id is not None and group.created_by_id != user.id:
            notify([group.created_by_id], "group_no_leader", link="/groups/coordinate", group=group.name)


FORMER_MEMBER = "a former member"


def _scrub_meeting_logs(user):
    """Session logs of the person's groups lose their name (display name and real name), in every version."""
    import re

    from .groups.models import Membership
    from .meetings.models import Meeting, MeetingLog, MeetingLogVersion

    names = sorted((n.strip() for n in (user.display_name, user.real_name) if n and len(n.strip()) >= 2), key=len,
                   reverse=True)
    if not names:
        return
    pattern = re.compile("|".join(r"\b" + re.escape(name) + r"\b" for name in names), re.IGNORECASE)
    groups = select(Membership.group_id).where(Membership.user_id == user.id)
    versions = db.session.scalars(select(MeetingLogVersion).join(MeetingLog).join(Meeting)
                                  .where(Meeting.group_id.in_(groups)))
    for version in versions:
        for field in ("present", "topics", "decisions", "rule_changes", "guests", "next_meeting", "follow_ups"):
            text = getattr(version, field) or ""
            if pattern.search(text):
                setattr(version, field, pattern.sub(FORMER_MEMBER, text))


def _scrub_audit_names(user):
    """Log lines the person caused keep what happened but lose their name ("Someone (guest) …")."""
    from .audit.models import AuditEntry

    db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id,
                                                AuditEntry.actor_label.not_in(("administrator", "coordinator")))
                       .values(actor_label="").execution_options(synchronize_session=False))
