"""Guest professionals: a member proposes, the group decides by its consent method, the guest sees one
meeting's agenda and chat from 15 minutes before its start to its end, and nothing else of the group."""
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...accounts.models import User
from ...audit.models import AuditEntry
from ...audit.services import record_guest_presence
from ...exceptions import NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...groups import consent
from ...groups.models import DecisionStatus, MembershipStatus
from ...notifications.services import acted_on, notify
from ...timeutil import utcnow
from ..models import GuestInvitation, GuestVote, Meeting

EARLY = policy.GUEST_EARLY


@dataclass(frozen=True)
class GuestVisit:
    """The facts the guest rules decide on (policy.guests): who, the meeting the group adopted them for,
    the moment, and, in the chat, the meeting a message posted at that moment belongs to."""

    professional_id: int
    meeting: Meeting
    now: datetime
    meeting_now_id: Optional[int] = None


def window(meeting):
    return policy.guest_window(meeting)


def in_window(meeting, now=None):
    start, end = window(meeting)
    return not meeting.is_cancelled and start <= (now or utcnow()) < end


_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or off a screen


def guest_code(professional):
    """The short code a verified professional gives a group so that a member can propose them as a guest
    (members do not know usernames): eight letters from the account and the app's secret, 'ABCD-EFGH'."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"guest-code:{professional.id}".encode(),
                      hashlib.sha256).digest()
    letters = "".join(_CODE_LETTERS[byte % len(_CODE_LETTERS)] for byte in digest[:8])
    return f"{letters[:4]}-{letters[4:]}"


def _as_code(text):
    letters = re.sub(r"[\s-]", "", text).upper()
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 and set(letters) <= set(_CODE_LETTERS) else None


def professional_by_username(username):
    """The verified professional with this guest code (see guest_code) or username, or None."""
    from ...accounts.models import Role, UserRole

    text = (username or "").strip()
    code = _as_code(text)
    if code is not None:
        professionals = db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id).where(
            UserRole.role == Role.PROFESSIONAL.value, User.professional_verified_at.is_not(None))).all()
        found = next((user for user in professionals if hmac.compare_digest(guest_code(user), code)), None)
        if found is not None and policy.has_professional_powers(found):
            return found
    user = db.session.scalar(select(User).where(User.username == text.lstrip("@")))
    return user if user is not None and policy.has_professional_powers(user) else None


def propose_guest(user, meeting, username, reason="", now=None):
    """A member proposes a verified professional as a guest of the meeting, for the group to decide.
    Raises PermissionDenied, ValidationFailed."""
    now = now or utcnow()
    group = meeting.group
    if not policy.can_propose_guest(user, meeting, now):
        raise PermissionDenied()
    if now >= window(meeting)[0]:  # the guest's access opens then, so the group must have decided by then
        raise ValidationFailed(_("It is too late to propose a guest for this meeting: the group must decide on "
                                 "a guest 15 minutes before the start."), field="username")
    professional = professional_by_username(username)
    if professional is None:
        raise ValidationFailed(_("No verified professional has that guest code or username. Ask them for the "
                                 "guest code on their home page."), field="username")
    membership = group.membership_of(professional.id)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        raise ValidationFailed(_("That person is already a member."), field="username")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationFailed(_("The reason is too long (at most 500 characters)."), field="reason")
    invitation = GuestInvitation(meeting_id=meeting.id, professional_id=professional.id, proposed_by_id=user.id,
                                 reason=reason, method=group.consent_method, created_at=now)
    if group.consent_method == "no_objection":
        invitation.deadline = min(now + timedelta(days=group.objection_days), meeting.starts_at - EARLY)
    else:
        invitation.votes = [GuestVote(user_id=user.id, choice="yes")]
    try:
        with db.session.begin_nested():
            db.session.add(invitation)
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed(_("That professional has already been proposed for this meeting."),
                               field="username") from None
    # Every other member who can vote is told there is a guest to decide on (who it is, and what their duty
    # to report means, is on the page the link opens; the notification holds no name). The professional is
    # told only once the group has said yes.
    notify([m.user_id for m in group.active_memberships if m.user_id != user.id and policy.can_vote(m.user, group)],
           "guest_proposed", link=f"/groups/{group.id}/meetings/{meeting.id}/guests",
           about=f"guest_invitation:{invitation.id}", group=group.name, when=meeting.starts_at.isoformat(),
           tz=group.timezone)
    _settle(group, now)
    db.session.commit()
    return invitation


def guest_invitations(meeting):
    return db.session.scalars(select(GuestInvitation).where(GuestInvitation.meeting_id == meeting.id)
                              .order_by(GuestInvitation.created_at)).all()


def adopted_guests(meeting):
    """The professionals the group adopted as guests of this meeting (members are told who will be there)."""
    return [invitation.professional for invitation in guest_invitations(meeting)
            if invitation.status == DecisionStatus.ADOPTED and invitation.professional is not None]


def vote_guest(user, meeting, invitation_id, choice, now=None):
    """A member votes on a proposed guest. Raises NotFound, PermissionDenied, ValidationFailed."""
    now = now or utcnow()
    invitation = db.session.get(GuestInvitation, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None or invitation.meeting_id != meeting.id:
        raise NotFound()
    if not policy.can_vote(user, meeting.group):
        raise PermissionDenied()
    _settle(meeting.group, now)
    if invitation.status != DecisionStatus.OPEN:
        raise ValidationFailed(_("This proposal has already been decided."))
    allowed = ("yes", "no") if invitation.method == "majority" else ("yes", "object")
    if choice not in allowed:
        raise ValidationFailed(_("Choose one of the answers."))
    vote = next((v for v in invitation.votes if v.user_id == user.id), None)
    if vote is None:
        invitation.votes.append(GuestVote(user_id=user.id, choice=choice))
    else:
        vote.choice = choice
    acted_on([user.id], f"guest_invitation:{invitation.id}")
    db.session.flush()
    _settle(meeting.group, now)
    db.session.commit()
    return invitation


def settle_guests(group, now=None):
    """Decide and commit the group's open guest proposals that can be decided now (the sweep's part for
    one group; the write services settle within their own commit)."""
    _settle(group, now or utcnow())
    db.session.commit()


def settle_due_guests(now=None):
    """The sweep: decide every open guest proposal whose objection time ran out or whose meeting's window
    opened; commits once. Returns how many groups had one."""
    from ...groups.models import Group

    now = now or utcnow()
    group_ids = db.session.scalars(select(Meeting.group_id).join(GuestInvitation).where(
        GuestInvitation.status == "open",
        (GuestInvitation.deadline <= now) | (Meeting.starts_at <= now + EARLY)).distinct()).all()
    for group_id in group_ids:
        _settle(db.session.get(Group, group_id), now)
    db.session.commit()
    return len(group_ids)


def _settle(group, now):
    """Decide open guest proposals; one still open when the meeting's window opens is not adopted.
    Flushes only."""
    members = [m.user_id for m in group.active_memberships]
    open_ones = db.session.scalars(select(GuestInvitation).join(Meeting).where(
        Meeting.group_id == group.id, GuestInvitation.status == DecisionStatus.OPEN)).all()
    for invitation in open_ones:
        votes = {vote.user_id: vote.choice for vote in invitation.votes}
        outcome = consent.decide(invitation.method, members, votes, now=now, deadline=invitation.deadline)
        if outcome == consent.OPEN and now >= window(invitation.meeting)[0]:
            outcome = consent.REJECTED
        if outcome == consent.OPEN:
            continue
        invitation.status, invitation.decided_at = outcome, now
        acted_on(members, f"guest_invitation:{invitation.id}")
        if outcome == consent.ADOPTED:
            notify([invitation.professional_id], "guest_invited", link="/guest", group=group.name,
                   when=invitation.meeting.starts_at.isoformat(), tz=group.timezone)
    if open_ones:
        db.session.flush()


def adopted_meetings_in_window(user, group, now=None):
    """The group's meetings, not cancelled, that the user is an adopted guest of and whose window holds now,
    earliest first."""
    if group is None or not policy.has_professional_powers(user):
        return []
    now = now or utcnow()
    candidates = db.session.scalars(select(Meeting).join(GuestInvitation).where(
        Meeting.group_id == group.id, GuestInvitation.professional_id == user.id,
        GuestInvitation.status == DecisionStatus.ADOPTED, Meeting.cancelled_at.is_(None),
        Meeting.starts_at <= now + EARLY, Meeting.ends_at > now).order_by(Meeting.starts_at, Meeting.id)).all()
    return [meeting for meeting in candidates if in_window(meeting, now)]


def guest_visit(user, group, now=None, meeting_id=None):
    """The user's visit as a guest of this group now (of that meeting, when meeting_id is given), or None."""
    now = now or utcnow()
    meetings = [m for m in adopted_meetings_in_window(user, group, now) if meeting_id in (None, m.id)]
    return GuestVisit(user.id, meetings[0], now) if meetings else None


def guest_meeting_in_window(user, group, now=None):
    """The meeting of this group the user is an accepted guest of, when now is inside its window; else None."""
    visit = guest_visit(user, group, now)
    return visit.meeting if policy.is_guest_in_window(user, group, visit) else None


def my_guest_invitations(user):
    if not policy.has_professional_powers(user):
        return []
    return db.session.scalars(select(GuestInvitation).join(Meeting).where(
        GuestInvitation.professional_id == user.id, GuestInvitation.status == DecisionStatus.ADOPTED)
        .order_by(Meeting.starts_at.desc())).all()


def guest_meeting(user, meeting_id, now=None):
    """The meeting for its guest inside the window; NotFound otherwise (before, after, or not a guest)."""
    meeting = db.session.get(Meeting, meeting_id) if isinstance(meeting_id, int) else None
    if meeting is None or not policy.is_guest_of_meeting(user, meeting, guest_visit(user, meeting.group, now,
                                                                                        meeting.id)):
        raise NotFound()
    return meeting


def note_guest_presence(user, group, meeting, commit=True):
    """Write once per meeting that a guest professional reached the group's content (for the members'
    transparency log): who and when, never what was seen. commit=False: the caller commits."""
    start, end = window(meeting)
    seen = db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.actor_id == user.id, AuditEntry.action == "guest.present", AuditEntry.group_id == group.id,
        AuditEntry.occurred_at >= start).limit(1))
    if seen is None:
        record_guest_presence(user, group.id, meeting.starts_at, meeting.ends_at, commit=commit)
