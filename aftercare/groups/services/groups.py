"""Creating a group, its phases and purpose, and the coordinator's summary."""
from flask import current_app
from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import delete, select

from ... import policy
from ...accounts.models import User
from ...exceptions import NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...signals import group_created
from ...timeutil import utcnow
from ..models import (CONSENT_METHODS, INTAKES, KINDS, PHASES, RETENTION_CHOICES, TEMPLATE_RULES, VOTE_DISPLAYS,
                      Group, MemberRole, Membership, MembershipStatus, Phase, PurposeRevision, Rule)
from . import telling

__all__ = ["create_group", "get_group", "get_group_summary", "my_groups", "coordinator_groups", "advance_phase",
           "revise_purpose", "purpose_history", "update_settings", "purge_closed_groups", "eligible_leaders"]


def _clean_group_fields(fields):
    name = (fields.get("name") or "").strip()
    if not 2 <= len(name) <= 80:
        raise ValidationFailed(_l("A group name has 2 to 80 characters."), field="name")
    purpose = (fields.get("purpose") or "").strip()
    if not 10 <= len(purpose) <= 2000:
        raise ValidationFailed(_l("Describe the purpose in 10 to 2,000 characters."), field="purpose")
    if fields.get("kind") not in KINDS:
        raise ValidationFailed(_l("Choose the kind of group."), field="kind")
    if fields.get("intake") not in INTAKES:
        raise ValidationFailed(_l("Choose open or closed intake."), field="intake")
    capacity = fields.get("capacity")
    if not isinstance(capacity, int) or not 2 <= capacity <= 50:
        raise ValidationFailed(_l("A group has room for 2 to 50 people."), field="capacity")
    minutes = fields.get("meeting_minutes")
    if not isinstance(minutes, int) or not 15 <= minutes <= 480:
        raise ValidationFailed(_l("A meeting lasts 15 to 480 minutes."), field="meeting_minutes")
    if fields.get("chat_retention_days") not in RETENTION_CHOICES:
        raise ValidationFailed(_l("Choose how long chat messages are kept."), field="chat_retention_days")
    if fields.get("consent_method") not in CONSENT_METHODS:
        raise ValidationFailed(_l("Choose how the group adopts rules."), field="consent_method")
    objection_days = fields.get("objection_days") or 7
    if not isinstance(objection_days, int) or not 1 <= objection_days <= 60:
        raise ValidationFailed(_l("Give 1 to 60 days for objections."), field="objection_days")
    language = fields.get("language") or "nb"
    if language not in current_app.config["LANGUAGES"]:
        raise ValidationFailed(_l("Choose the group's language."), field="language")
    votes = fields.get("votes") or "secret"
    if votes not in VOTE_DISPLAYS:
        raise ValidationFailed(_l("Choose whether votes are secret or shown by name."), field="votes")
    planned_end = fields.get("planned_end")
    if planned_end is not None and planned_end < utcnow().date():
        raise ValidationFailed(_l("The planned end cannot be in the past."), field="planned_end")
    return dict(name=name, purpose=purpose, kind=fields["kind"], intake=fields["intake"], capacity=capacity,
                meeting_rhythm=(fields.get("meeting_rhythm") or "").strip()[:120], meeting_minutes=minutes,
                planned_end=planned_end, audience=(fields.get("audience") or "").strip()[:120],
                chat_retention_days=fields["chat_retention_days"], consent_method=fields["consent_method"],
                objection_days=objection_days, floor_only_in_meetings=bool(fields.get("floor_only_in_meetings")),
                named_votes=votes == "named", language=language)


def eligible_leaders(actor):
    """Participants a coordinator already knows and may appoint as first leaders: members of groups the
    coordinator set up, and people whose request for a time-giver or referral the coordinator handled.
    Never a directory of every participant. Display names only are shown. Raises PermissionDenied."""
    if not policy.can_create_group(actor):
        raise PermissionDenied()
    from ...audit.models import AuditEntry

    handled = select(AuditEntry.subject_user_id).where(
        AuditEntry.actor_id == actor.id,
        AuditEntry.action.in_(("coordinator.opened_request", "coordinator.opened_referral")))
    in_my_groups = select(Membership.user_id).join(Group, Group.id == Membership.group_id).where(
        Group.created_by_id == actor.id, Membership.status == MembershipStatus.ACTIVE)
    people = db.session.scalars(select(User).where(
        User.id != actor.id, User.is_disabled.is_(False),
        User.id.in_(handled) | User.id.in_(in_my_groups)).order_by(User.display_name, User.id)).all()
    return [person for person in people if policy.may_be_group_member(person)]


NEUTRAL_LEADER_ANSWER = _l("A user name you wrote cannot be appointed. Check the user names with the people "
                           "themselves: user names are private, so we do not say which one or why.")


def _leaders_by_username(usernames):
    """Users behind the typed names, or None when any of them is unknown or may not lead."""
    found = []
    for name in usernames:
        name = name.strip().lstrip("@").lower()
        person = db.session.scalar(select(User).where(User.username == name)) if 0 < len(name) <= 40 else None
        if person is None or not policy.may_be_group_member(person):
            return None
        found.append(person)
    return found


def create_group(actor, leader_ids, leader_usernames=(), **fields):
    """A coordinator creates a group with its first leader(s) and the template rules. Leaders are picked
    from the people the coordinator knows (`eligible_leaders`) or named by user name.

    Raises PermissionDenied (not a coordinator), ValidationFailed (bad input, or a leader who may not
    be a member; nothing stored).
    """
    if not policy.can_create_group(actor):
        raise PermissionDenied(_l("Only coordinators create groups."))
    values = _clean_group_fields(fields)
    try:
        leader_ids = {int(i) for i in leader_ids or []}
    except (TypeError, ValueError):
        raise ValidationFailed(_l("Leaders are chosen among participants."), field="leaders")
    known = {person.id: person for person in eligible_leaders(actor)}
    if not leader_ids <= set(known):
        raise ValidationFailed(_l("Leaders are chosen among participants."), field="leaders")
    named = _leaders_by_username([name for name in usernames_in(leader_usernames) if name])
    if named is None:
        raise ValidationFailed(NEUTRAL_LEADER_ANSWER, field="leader_usernames")
    leaders = list({person.id: person for person in [known[i] for i in leader_ids] + named}.values())
    if not leaders:
        raise ValidationFailed(_l("Appoint at least one leader."), field="leaders")
    if len(leaders) > values["capacity"]:
        raise ValidationFailed(_l("More leaders than places."), field="leaders")
    if not all(policy.may_be_group_member(user) for user in leaders):
        raise ValidationFailed(_l("Leaders are chosen among participants."), field="leaders")
    group = Group(created_by_id=actor.id, seats_taken=len(leaders), rules_version=1, **values)
    db.session.add(group)
    # Leaders appointed by the coordinator have not accepted the rules yet: they do so on first visit.
    group.memberships = [Membership(user_id=user.id, role=MemberRole.LEADER, accepted_rules_version=0)
                         for user in leaders]
    with force_locale(group.language):  # the group's language, not the coordinator's
        group.rules = [Rule(position=index, text=str(text), adopted_in_version=1)
                       for index, text in enumerate(TEMPLATE_RULES, start=1)]
    db.session.flush()
    db.session.add(PurposeRevision(group_id=group.id, purpose=values["purpose"], revised_by_id=actor.id))
    group_created.send(group)
    for membership in group.memberships:
        telling.made_leader(membership, group)
    db.session.commit()
    return group


def usernames_in(text):
    """User names typed into one field, separated by commas, spaces or new lines (at most 10)."""
    import re

    if isinstance(text, (list, tuple)):
        text = " ".join(str(item) for item in text)
    return [name for name in re.split(r"[\s,;]+", text or "") if name][:10]


def get_group(user, group_id):
    """The group for one of its members. Raises NotFound for everyone else (existence is not disclosed)."""
    group = db.session.get(Group, group_id) if isinstance(group_id, int) else None
    if group is None or not policy.can_view_group(user, group):
        raise NotFound()
    return group


def get_group_summary(user, group_id):
    """Name, size, phase and leaders only, for the coordinator who set the group up. Raises NotFound."""
    group = db.session.get(Group, group_id) if isinstance(group_id, int) else None
    if group is None or not policy.can_see_group_summary(user, group):
        raise NotFound()
    return group


def my_groups(user):
    """Groups the user is in, and closed ones still readable, newest first."""
    groups = db.session.scalars(select(Group).join(Membership).where(Membership.user_id == user.id)
                                .order_by(Group.created_at.desc())).all()
    return [group for group in groups if policy.can_view_group(user, group)]


def coordinator_groups(user):
    """The groups the coordinator set up, newest first. Raises PermissionDenied."""
    if not policy.can_create_group(user):
        raise PermissionDenied()
    return db.session.scalars(select(Group).where(Group.created_by_id == user.id)
                              .order_by(Group.created_at.desc())).all()


def advance_phase(user, group, to_phase, now=None):
    """Leaders move the group on to the next phase (planning → … → closed). Raises PermissionDenied,
    ValidationFailed."""
    if not policy.can_change_phase(user, group):
        raise PermissionDenied(_l("Only the group's leaders move it to another phase."))
    current = PHASES.index(group.phase)
    if to_phase not in PHASES or PHASES.index(to_phase) != current + 1:
        raise ValidationFailed(_l("A group moves on one phase at a time."), field="phase")
    group.phase = to_phase
    if to_phase == Phase.CLOSED:
        group.closed_at = now or utcnow()
    db.session.commit()


def revise_purpose(user, group, purpose):
    """Leaders revise the purpose; every earlier wording is kept. Raises PermissionDenied, ValidationFailed."""
    if not policy.can_manage_group(user, group):
        raise PermissionDenied(_l("Only the group's leaders revise the purpose."))
    purpose = (purpose or "").strip()
    if not 10 <= len(purpose) <= 2000:
        raise ValidationFailed(_l("Describe the purpose in 10 to 2,000 characters."), field="purpose")
    if purpose != group.purpose:
        group.purpose = purpose
        db.session.add(PurposeRevision(group_id=group.id, purpose=purpose, revised_by_id=user.id))
        db.session.commit()


def purpose_history(user, group):
    """Every wording of the purpose, newest first, for members. Raises NotFound."""
    if not policy.can_view_group(user, group):
        raise NotFound()
    return db.session.scalars(select(PurposeRevision).where(PurposeRevision.group_id == group.id)
                              .order_by(PurposeRevision.revised_at.desc(), PurposeRevision.id.desc())).all()


def update_settings(user, group, *, chat_retention_days, floor_only_in_meetings):
    """Leaders set how the group works day to day. How the group decides is not among these: that is a
    proposal the group decides (rules.propose_method). Raises PermissionDenied, ValidationFailed."""
    if not policy.can_manage_group(user, group):
        raise PermissionDenied()
    if chat_retention_days not in RETENTION_CHOICES:
        raise ValidationFailed(_l("Choose how long chat messages are kept."), field="chat_retention_days")
    group.chat_retention_days, group.floor_only_in_meetings = chat_retention_days, bool(floor_only_in_meetings)
    db.session.commit()


def purge_closed_groups(now=None):
    """Delete closed groups whose reading time for former members is over. Safe to run twice."""
    now = now or utcnow()
    due = [group.id for group in db.session.scalars(select(Group).where(Group.closed_at.is_not(None)))
           if group.readable_until <= now]
    if due:
        db.session.execute(delete(Group).where(Group.id.in_(due)))
    db.session.commit()
    return len(due)
