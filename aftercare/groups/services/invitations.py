"""Invitations to a group: by link, by user name or from the list of participants; who may join at all."""
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ... import policy
from ...accounts.models import User
from ...accounts.services import token_digest
from ...exceptions import NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..models import GroupInvitation, Membership, MembershipStatus, WaitingStatus
from . import telling

__all__ = ["invite_by_link", "invite_participant", "invite_by_username", "check_group_invitation",
           "direct_invitation", "check_may_join", "membership_refusal", "NEUTRAL_INVITE_ANSWER",
           "pending_invitations", "invitable_participants"]

INVITATION_DAYS = 14


# One answer whatever the name: an unknown name, a person who may not join or one who is already in.
# So a leader cannot probe user names, which are private.
NEUTRAL_INVITE_ANSWER = _l("If that user name belongs to a participant who can join, the invitation is now "
                           "waiting on their groups page. User names are private: we do not say whether it exists.")


def _check_can_invite(user, group):
    if not policy.can_manage_members(user, group):
        raise PermissionDenied(_l("Only the group's leaders invite people."))


def membership_refusal(person):
    """Why this person can never be a member or leader (None when they can be)."""
    if policy.may_be_group_member(person):
        return None
    if person is not None and set(getattr(person, "roles", ())) & policy.STAFF_KINDS:
        return _l("Groups are for participants only. An account with admin, coordinator or professional "
                  "powers never becomes a member or leader of a group; a professional can take part in one "
                  "meeting as a guest when the group invites them. Nothing was changed.")
    return _l("Groups are for participants only, and this account is not a participant account. "
              "Nothing was changed.")


def check_may_join(user):
    """Raises PermissionDenied (with the reason) unless the user may ever be a group member."""
    reason = membership_refusal(user)
    if reason is not None:
        raise PermissionDenied(reason)


def invite_by_link(user, group, days=INVITATION_DAYS):
    """A single-use invitation link; returns (invitation, token). The token is shown once.
    Raises PermissionDenied."""
    _check_can_invite(user, group)
    token = secrets.token_urlsafe(24)
    invitation = GroupInvitation(group_id=group.id, token_hash=token_digest(token), created_by_id=user.id,
                                 expires_at=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    db.session.commit()
    return invitation, token


def invitable_participants(user, group):
    """People a leader may pick: participants the leader already shares another group with, who are
    not in this group and may be members. Never a directory of everyone on the platform.
    Raises PermissionDenied."""
    _check_can_invite(user, group)
    mine = select(Membership.group_id).where(Membership.user_id == user.id,
                                             Membership.status == MembershipStatus.ACTIVE)
    people = db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.group_id.in_(mine), Membership.group_id != group.id, Membership.status == MembershipStatus.ACTIVE,
        User.id != user.id, User.is_disabled.is_(False)).distinct().order_by(User.display_name, User.id)).all()
    inside = {m.user_id for m in group.memberships if m.status == MembershipStatus.ACTIVE}
    return [person for person in people if person.id not in inside and policy.may_be_group_member(person)]


def _invite(user, group, invitee):
    membership = group.membership_of(invitee.id)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        return None
    invitation = GroupInvitation(group_id=group.id, invitee_id=invitee.id, created_by_id=user.id,
                                 expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    telling.invited(invitation, group)
    db.session.commit()
    return invitation


def invite_participant(user, group, invitee_id):
    """An invitation addressed to someone from the leader's picker; it appears on their groups page.
    Raises PermissionDenied (not a leader), ValidationFailed (not someone from the picker)."""
    _check_can_invite(user, group)
    invitee = next((person for person in invitable_participants(user, group)
                    if isinstance(invitee_id, int) and person.id == invitee_id), None)
    if invitee is None:
        raise ValidationFailed(_l("Choose a person from the list."), field="invitee")
    return _invite(user, group, invitee)


def invite_by_username(user, group, username):
    """An invitation addressed by a user name the leader already knows. Returns the invitation or None;
    the leader gets the same neutral answer either way (NEUTRAL_INVITE_ANSWER), so names cannot be probed.
    Raises PermissionDenied (not a leader), ValidationFailed (nothing typed)."""
    _check_can_invite(user, group)
    name = (username or "").strip().lstrip("@").strip().lower()
    if not name:
        raise ValidationFailed(_l("Write the person's user name."), field="username")
    if len(name) > 40:
        return None
    invitee = db.session.scalar(select(User).where(User.username == name))
    if invitee is None or invitee.id == user.id or not policy.may_be_group_member(invitee):
        return None
    return _invite(user, group, invitee)


def check_group_invitation(token, user=None):
    """The open invitation behind a link. Raises PermissionDenied when the user may never join a group
    (before the link is even looked at, so they learn nothing about it), ValidationFailed saying why
    the link cannot be used."""
    if user is not None:
        check_may_join(user)
    invitation = None
    if token and len(token) <= 100:
        invitation = db.session.scalar(select(GroupInvitation).where(GroupInvitation.token_hash == token_digest(token)))
    return _usable(invitation)


def direct_invitation(user, invitation_id):
    """An invitation addressed to this user. Raises NotFound for anyone else, ValidationFailed if unusable."""
    invitation = db.session.get(GroupInvitation, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None or invitation.invitee_id is None or invitation.invitee_id != user.id:
        raise NotFound()
    check_may_join(user)
    return _usable(invitation)


def _usable(invitation):
    if invitation is None:
        raise ValidationFailed(_l("This invitation link is not valid. Check that you copied all of it, "
                                  "or ask a group leader for a new one."))
    status = invitation.status()
    if status == "used":
        raise ValidationFailed(_l("This invitation has already been used. Ask a group leader for a new one."))
    if status == WaitingStatus.DECLINED:
        raise ValidationFailed(_l("This invitation was declined."))
    if status == "expired" or invitation.group.is_closed:
        raise ValidationFailed(_l("This invitation has expired. Ask a group leader for a new one."))
    return invitation


def pending_invitations(user):
    if not policy.can_join_groups(user):
        return []
    now = utcnow()
    rows = db.session.scalars(select(GroupInvitation).where(
        GroupInvitation.invitee_id == user.id, GroupInvitation.used_at.is_(None),
        GroupInvitation.declined_at.is_(None), GroupInvitation.expires_at > now)).all()
    return [row for row in rows if not row.group.is_closed]
