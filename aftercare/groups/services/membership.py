"""Joining (or the waiting list), leaving, removal, co-leaders, phone sharing. Invitations are in invitations.py."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...accounts.models import User
from ...accounts.services import name_confusable_in
from ...exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...signals import account_deleting
from ...timeutil import utcnow
from ...notifications.services import acted_on
from ..models import Group, GroupInvitation, MemberRole, Membership, MembershipStatus, WaitingEntry, WaitingStatus
from . import telling
from .invitations import check_may_join, membership_refusal

__all__ = ["respond_to_invitation", "leave_group", "removable_member", "remove_member",
           "make_leader", "set_phone_sharing", "my_waiting_entries", "respond_to_offer", "offer_free_places",
           "offer_due_places", "former_memberships", "waiting_list"]
OFFER_DAYS = 7


def _take_place(group):
    """Atomically take a free place; False when the group is full (one UPDATE, so two people cannot
    both take the last place)."""
    result = db.session.execute(update(Group).where(Group.id == group.id, Group.seats_taken < Group.capacity)
                                .values(seats_taken=Group.seats_taken + 1))
    return result.rowcount == 1


def _free_place(group):
    db.session.execute(update(Group).where(Group.id == group.id, Group.seats_taken > 0)
                       .values(seats_taken=Group.seats_taken - 1))


def _check_name_distinct(user, group):
    """A newcomer whose display name reads like a member's would let others be mistaken for each other in
    the chat: they choose another name first, and nothing is used up meanwhile (the invitation or offered
    place still waits). The other member's name is not shown: the newcomer is not in yet."""
    if name_confusable_in(user.display_name, [group.id], exclude_user_id=user.id):
        raise ValidationFailed(_l("Someone in this group already has a display name that looks the same as "
                                  "yours (“%(name)s”). Change your display name on your account page so others "
                                  "can tell you apart, then come back: your place is kept.",
                                  name=user.display_name), field="display_name")


def _admit(user, group):
    """Make the user an active member who has accepted the current rules (the place is already taken)."""
    check_may_join(user)
    membership = group.membership_of(user.id)
    now = utcnow()
    if membership is None:
        membership = Membership(group_id=group.id, user_id=user.id, role=MemberRole.MEMBER)
        db.session.add(membership)
    membership.status, membership.role, membership.joined_at = MembershipStatus.ACTIVE, MemberRole.MEMBER, now
    membership.ended_at = membership.removal_reason = None
    membership.accepted_rules_version = group.rules_version
    return membership


def respond_to_invitation(user, invitation, join):
    """Join (accepting the current rules) or decline. Returns 'joined', 'waiting' or 'declined'.

    A full group puts the person on its waiting list instead. Raises PermissionDenied (the person may
    never be a member: nothing changes and the invitation stays usable, even when declining),
    ValidationFailed, Conflict.
    """
    if not policy.is_signed_in(user):
        raise PermissionDenied()
    # Declining too: a forwarded link must not be used up by someone who could never have joined.
    check_may_join(user)
    group = invitation.group
    membership = group.membership_of(user.id)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        raise ValidationFailed(_l("You are already a member of this group."))
    if join:
        _check_name_distinct(user, group)
    now = utcnow()
    # Claim the invitation first: single use even if two tabs answer at once.
    claimed = db.session.execute(update(GroupInvitation).where(
        GroupInvitation.id == invitation.id, GroupInvitation.used_at.is_(None),
        GroupInvitation.declined_at.is_(None), GroupInvitation.expires_at > now)
        .values(**({"used_at": now, "used_by_id": user.id} if join else {"declined_at": now}))).rowcount
    if claimed != 1:
        db.session.rollback()
        raise ValidationFailed(_l("This invitation has already been used. Ask a group leader for a new one."))
    acted_on([user.id], telling.invitation_about(invitation))
    if not join:
        db.session.commit()
        return WaitingStatus.DECLINED
    if _take_place(group):
        _admit(user, group)
        outcome = WaitingStatus.JOINED
    else:
        _queue(user, group)
        outcome = WaitingStatus.WAITING
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_l("Something changed at the same time. Try again."))
    db.session.refresh(group)
    return outcome


def _queue(user, group):
    check_may_join(user)
    entry = db.session.scalar(select(WaitingEntry).where(WaitingEntry.group_id == group.id,
                                                         WaitingEntry.user_id == user.id))
    if entry is None:
        db.session.add(WaitingEntry(group_id=group.id, user_id=user.id))
    elif entry.status not in WaitingStatus.IN_QUEUE:
        entry.status, entry.created_at = WaitingStatus.WAITING, utcnow()
        entry.offered_at, entry.offer_expires_at = None, None


def waiting_list(user, group):
    """The queue in order, for the group's leaders. Raises NotFound."""
    if not policy.can_manage_members(user, group):
        raise NotFound()
    return db.session.scalars(select(WaitingEntry).where(
        WaitingEntry.group_id == group.id, WaitingEntry.status.in_(WaitingStatus.IN_QUEUE))
        .order_by(WaitingEntry.created_at, WaitingEntry.id)).all()


def offer_free_places(group, now=None):
    """Offer free places to the people first in the queue; lapsed offers pass to the next person. Commits."""
    _offer_free_places(group, now or utcnow())
    db.session.commit()


def offer_due_places(now=None):
    """The sweep: in every group with a queue, pass lapsed offers on and offer free places to the people
    first in it; commits once. Returns how many groups have a queue."""
    now = now or utcnow()
    group_ids = db.session.scalars(select(WaitingEntry.group_id).where(
        (WaitingEntry.status == "waiting")
        | ((WaitingEntry.status == "offered") & (WaitingEntry.offer_expires_at <= now))).distinct()).all()
    for group_id in group_ids:
        _offer_free_places(db.session.get(Group, group_id), now)
    db.session.commit()
    return len(group_ids)


def _offer_free_places(group, now):
    """offer_free_places without the commit (flushes only)."""
    db.session.execute(update(WaitingEntry).where(
        WaitingEntry.group_id == group.id, WaitingEntry.status == WaitingStatus.OFFERED,
        WaitingEntry.offer_expires_at <= now)
        .values(status=WaitingStatus.DECLINED))
    db.session.refresh(group)
    offered = db.session.scalar(select(db.func.count()).select_from(WaitingEntry).where(
        WaitingEntry.group_id == group.id, WaitingEntry.status == WaitingStatus.OFFERED))
    free = group.capacity - group.seats_taken - offered
    if free > 0 and not group.is_closed:
        queue = db.session.scalars(select(WaitingEntry).where(
            WaitingEntry.group_id == group.id, WaitingEntry.status == WaitingStatus.WAITING)
            .order_by(WaitingEntry.created_at, WaitingEntry.id)).all()
        # A place is offered only to someone who may be a member; anyone else keeps waiting, unoffered.
        for entry in [entry for entry in queue if policy.may_be_group_member(db.session.get(User, entry.user_id))][:free]:
            entry.status, entry.offered_at = WaitingStatus.OFFERED, now
            entry.offer_expires_at = now + timedelta(days=OFFER_DAYS)
            telling.place_offered(entry, group)
    db.session.flush()


def my_waiting_entries(user):
    """The user's places in waiting lists (waiting, or offered a place). Lapsed offers move on in the
    sweep (offer_due_places), never while a page is read."""
    return db.session.scalars(select(WaitingEntry).where(
        WaitingEntry.user_id == user.id, WaitingEntry.status.in_(WaitingStatus.IN_QUEUE))).all()


def respond_to_offer(user, entry_id, join):
    """Take an offered place (accepting the rules) or let it pass. Raises NotFound, PermissionDenied (the
    person may never be a member; nothing changes), Conflict, ValidationFailed (a name like another member's)."""
    entry = db.session.get(WaitingEntry, entry_id) if isinstance(entry_id, int) else None
    if entry is None or entry.user_id != user.id or entry.status not in WaitingStatus.IN_QUEUE:
        raise NotFound()
    if join:
        check_may_join(user)
    group = entry.group
    acted_on([user.id], f"waiting_entry:{entry.id}")
    if not join:
        entry.status = WaitingStatus.WITHDRAWN if entry.status == WaitingStatus.WAITING else WaitingStatus.DECLINED
        db.session.flush()
        _offer_free_places(group, utcnow())
        db.session.commit()
        return WaitingStatus.DECLINED
    if entry.status != WaitingStatus.OFFERED or (entry.offer_expires_at and entry.offer_expires_at <= utcnow()):
        raise Conflict(_l("There is no free place for you yet. You keep your place in the queue."))
    _check_name_distinct(user, group)
    if not _take_place(group):
        db.session.rollback()
        raise Conflict(_l("The place was taken in the meantime. You keep your place in the queue."))
    entry.status = WaitingStatus.JOINED
    _admit(user, group)
    db.session.commit()
    return WaitingStatus.JOINED


def _end_membership(group, membership, status, reason=None):
    """End a membership and offer its place on; flushes only. The caller commits, then ejects the sockets
    (_access_ended)."""
    now = utcnow()
    membership.status, membership.ended_at, membership.removal_reason = status, now, reason
    membership.share_phone = False
    _free_place(group)
    db.session.flush()
    _offer_free_places(group, now)


def _access_ended(group, membership):
    from ...chat.ejection import access_changed

    access_changed(group, membership.user_id)


def leave_group(user, group):
    """Leave at any time, without giving a reason; access ends at once. Raises NotFound."""
    membership = group.membership_of(user.id)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise NotFound()
    _end_membership(group, membership, MembershipStatus.LEFT)
    db.session.commit()
    _access_ended(group, membership)


def removable_member(user, group, member_id):
    """The active membership a leader may remove (policy.can_remove_member). Raises NotFound (no such active
    member, or the leader themselves), PermissionDenied (not a leader of the open group)."""
    membership = group.membership_of(member_id) if isinstance(member_id, int) else None
    if membership is None or membership.status != MembershipStatus.ACTIVE or membership.user_id == user.id:
        raise NotFound()
    if not policy.can_remove_member(user, group, membership):
        raise PermissionDenied(_l("Only the group's leaders remove members."))
    return membership


def remove_member(user, group, member_id, reason):
    """A leader removes a member with a reason the member sees. Raises PermissionDenied, NotFound,
    ValidationFailed."""
    membership = group.membership_of(member_id) if isinstance(member_id, int) else None
    if not policy.can_remove_member(user, group, membership):
        if not policy.can_manage_members(user, group):
            raise PermissionDenied(_l("Only the group's leaders remove members."))
        if membership is None or membership.status != MembershipStatus.ACTIVE:
            raise NotFound()
        raise ValidationFailed(_l("To leave the group yourself, use “Leave the group”."))
    reason = (reason or "").strip()
    if not 3 <= len(reason) <= 500:
        raise ValidationFailed(_l("Give the member a reason (3 to 500 characters). They will see it."),
                               field="reason")
    telling.removed(membership, group)
    _end_membership(group, membership, MembershipStatus.REMOVED, reason)
    db.session.commit()
    _access_ended(group, membership)


def make_leader(user, group, member_id):
    """A leader appoints a co-leader among the members. Raises PermissionDenied (not a leader, or the
    member may not lead: only participants do), NotFound."""
    if not policy.can_manage_members(user, group):
        raise PermissionDenied()
    membership = group.membership_of(member_id) if isinstance(member_id, int) else None
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise NotFound()
    if not policy.can_be_made_leader(membership.user, membership):
        raise PermissionDenied(membership_refusal(membership.user))
    membership.role = MemberRole.LEADER
    telling.made_leader(membership, group)
    db.session.commit()


def set_phone_sharing(user, group, share):
    """A member shows or hides their phone number to the group. Raises NotFound, ValidationFailed."""
    membership = group.membership_of(user.id)
    if membership is None or membership.status != MembershipStatus.ACTIVE or not policy.can_view_group(user, group):
        raise NotFound()
    if share and not user.phone:
        raise ValidationFailed(_l("Add your phone number in your account settings first."))
    membership.share_phone = bool(share)
    db.session.commit()


def former_memberships(user):
    """Groups the user left or was removed from, with the reason given to them (no group content)."""
    return db.session.scalars(select(Membership).where(
        Membership.user_id == user.id, Membership.status.in_(MembershipStatus.ENDED))
        .order_by(Membership.ended_at.desc())).all()


@account_deleting.connect
def _free_places_of_deleted_account(user, **_):
    """A deleted account gives back its places; the waiting lists move on after the commit."""
    for membership in db.session.scalars(select(Membership).where(Membership.user_id == user.id,
                                                                  Membership.status == MembershipStatus.ACTIVE)):
        _free_place(membership.group)
    db.session.execute(update(WaitingEntry).where(WaitingEntry.user_id == user.id,
                                                  WaitingEntry.status.in_(WaitingStatus.IN_QUEUE))
                       .values(status=WaitingStatus.WITHDRAWN))
