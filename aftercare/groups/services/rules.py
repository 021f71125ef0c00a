"""The group's own rules: proposals, votes, decisions by consent, versions and re-acceptance."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from .. import consent
from ...notifications.services import acted_on
from ..models import CONSENT_METHODS, DecisionStatus, MembershipStatus, Rule, RuleProposal, Vote
from . import telling

__all__ = ["propose_rule", "propose_method", "cast_vote", "settle_proposals", "settle_due_proposals", "accept_rules",
           "proposals", "get_proposal", "rule_history"]


def propose_rule(user, group, kind, *, text=None, rule_id=None, now=None):
    """Any member proposes a new rule, a change or a removal. Raises PermissionDenied, ValidationFailed."""
    if not policy.can_propose_rule(user, group):
        if policy.must_accept_rules(user, group):
            raise PermissionDenied(_l("Accept the group's current rules first."))
        raise PermissionDenied(_l("Only members propose rules."))
    now = now or utcnow()
    if kind not in ("add", "change", "remove"):
        raise ValidationFailed(_l("Choose what you propose."), field="kind")
    rule = None
    if kind in ("change", "remove"):
        rule = next((r for r in group.current_rules if r.id == rule_id), None)
        if rule is None:
            raise ValidationFailed(_l("Choose one of the current rules."), field="rule_id")
    text = (text or "").strip()
    if kind in ("add", "change") and not 3 <= len(text) <= 500:
        raise ValidationFailed(_l("Write the rule in 3 to 500 characters."), field="text")
    if kind == "change" and text == rule.text:
        raise ValidationFailed(_l("The new wording is the same as the current one."), field="text")
    proposal = RuleProposal(group_id=group.id, kind=kind, rule_id=rule.id if rule else None,
                            text=text if kind != "remove" else None, proposed_by_id=user.id, created_at=now,
                            method=group.consent_method)
    return _put_forward(user, group, proposal, now)


def propose_method(user, group, new_method, objection_days=None, *, now=None):
    """Any member proposes another way for the group to decide (majority or no objection, and its days).
    It is decided by the group's current way, like any rule: no leader changes it alone.
    Raises PermissionDenied, ValidationFailed."""
    if not policy.can_propose_rule(user, group):
        if policy.must_accept_rules(user, group):
            raise PermissionDenied(_l("Accept the group's current rules first."))
        raise PermissionDenied(_l("Only members propose rules."))
    now = now or utcnow()
    if new_method not in CONSENT_METHODS:
        raise ValidationFailed(_l("Choose how the group adopts rules."), field="new_method")
    if new_method == "no_objection":
        if not isinstance(objection_days, int) or isinstance(objection_days, bool) or not 1 <= objection_days <= 60:
            raise ValidationFailed(_l("Give 1 to 60 days for objections."), field="objection_days")
    else:
        objection_days = group.objection_days
    if new_method == group.consent_method and objection_days == group.objection_days:
        raise ValidationFailed(_l("The group already decides this way."), field="new_method")
    proposal = RuleProposal(group_id=group.id, kind="method", new_method=new_method,
                            new_objection_days=objection_days, proposed_by_id=user.id, created_at=now,
                            method=group.consent_method)
    return _put_forward(user, group, proposal, now)


def _put_forward(user, group, proposal, now):
    if group.consent_method == "no_objection":
        proposal.deadline = now + timedelta(days=group.objection_days)
    else:
        # Proposing counts as the proposer's yes; they can change it like any vote.
        proposal.votes = [Vote(user_id=user.id, choice="yes", cast_at=now)]
    db.session.add(proposal)
    db.session.flush()
    telling.vote_waiting(proposal, group, user)
    _settle(group, now)
    db.session.commit()
    return proposal


def get_proposal(user, group, proposal_id):
    """One of the group's rule proposals, for members. Raises NotFound."""
    proposal = db.session.get(RuleProposal, proposal_id) if isinstance(proposal_id, int) else None
    if proposal is None or proposal.group_id != group.id or not policy.can_view_group(user, group):
        raise NotFound()
    return proposal


def cast_vote(user, group, proposal, choice, now=None):
    """One vote per member, changeable until the decision; the database refuses a second row.

    majority: 'yes' or 'no'; no_objection: 'object' or 'yes' (withdrawing an objection).
    Raises PermissionDenied, ValidationFailed.
    """
    now = now or utcnow()
    _settle(group, now)
    if not policy.can_vote(user, group):
        if policy.must_accept_rules(user, group):
            raise PermissionDenied(_l("Accept the group's current rules first."))
        raise PermissionDenied(_l("Only members vote."))
    if proposal.status != DecisionStatus.OPEN:
        raise ValidationFailed(_l("This proposal has already been decided."))
    allowed = ("yes", "no") if proposal.method == "majority" else ("yes", "object")
    if choice not in allowed:
        raise ValidationFailed(_l("Choose one of the answers."), field="choice")
    vote = db.session.scalar(select(Vote).where(Vote.proposal_id == proposal.id, Vote.user_id == user.id))
    if vote is None:
        try:
            with db.session.begin_nested():
                db.session.add(Vote(proposal_id=proposal.id, user_id=user.id, choice=choice, cast_at=now))
        except IntegrityError:  # the same member voted twice at once: keep one vote, with this choice
            vote = db.session.scalar(select(Vote).where(Vote.proposal_id == proposal.id, Vote.user_id == user.id))
    if vote is not None:
        vote.choice, vote.cast_at = choice, now
    acted_on([user.id], telling.proposal_about(proposal))
    db.session.flush()
    db.session.expire(proposal, ["votes"])
    _settle(group, now)
    db.session.commit()
    return proposal


def settle_proposals(group, now=None):
    """Decide and commit every open proposal of the group that can be decided now (the sweep's part for
    one group; the write services settle within their own commit)."""
    _settle(group, now or utcnow())
    db.session.commit()


def settle_due_proposals(now=None):
    """The sweep: decide every group's proposals whose objection time has run out; commits once.
    Returns how many groups had one."""
    from ..models import Group

    now = now or utcnow()
    group_ids = db.session.scalars(select(RuleProposal.group_id).where(
        RuleProposal.status == "open", RuleProposal.deadline.is_not(None),
        RuleProposal.deadline <= now).distinct()).all()
    for group_id in group_ids:
        _settle(db.session.get(Group, group_id), now)
    db.session.commit()
    return len(group_ids)


def _settle(group, now):
    """Decide every open proposal that can be decided now; adopted ones change the rules. Flushes only."""
    if group.is_closed:
        return
    members = [m.user_id for m in group.active_memberships]
    open_ones = db.session.scalars(select(RuleProposal).where(
        RuleProposal.group_id == group.id, RuleProposal.status == DecisionStatus.OPEN)
        .order_by(RuleProposal.created_at)).all()
    changed = False
    for proposal in open_ones:
        votes = {vote.user_id: vote.choice for vote in proposal.votes}
        outcome = consent.decide(proposal.method, members, votes, now=now, deadline=proposal.deadline)
        if outcome == consent.OPEN:
            continue
        proposal.status, proposal.decided_at, proposal.members_at_decision = outcome, now, len(members)
        version = group.rules_version
        if outcome == consent.ADOPTED:
            _apply(group, proposal, now)
        telling.proposal_decided(proposal, group, rules_changed=group.rules_version != version)
        changed = True
    if changed:
        db.session.flush()


def _apply(group, proposal, now):
    if proposal.kind == "method":
        # Proposals already open keep the way they were put forward with.
        group.consent_method, group.objection_days = proposal.new_method, proposal.new_objection_days
        db.session.flush()
        return
    target = proposal.rule
    if proposal.kind in ("change", "remove") and (target is None or target.removed_at is not None):
        proposal.status = DecisionStatus.REJECTED  # the rule was changed or removed by another decision first
        return
    group.rules_version += 1
    version = group.rules_version
    if proposal.kind == "add":
        position = max((r.position for r in group.current_rules), default=0) + 1
        db.session.add(Rule(group_id=group.id, position=position, text=proposal.text, adopted_at=now,
                            adopted_in_version=version))
    elif proposal.kind == "change":
        replacement = Rule(group_id=group.id, position=target.position, text=proposal.text, adopted_at=now,
                           adopted_in_version=version)
        db.session.add(replacement)
        db.session.flush()
        target.removed_at, target.replaced_by_id = now, replacement.id
    else:
        target.removed_at = now
    db.session.flush()
    db.session.refresh(group)


def accept_rules(user, group):
    """The member accepts the group's current rules (needed before taking part again). Raises NotFound."""
    membership = group.membership_of(user.id)
    if membership is None or membership.status != MembershipStatus.ACTIVE or not policy.can_view_group(user, group):
        raise NotFound()
    membership.accepted_rules_version = group.rules_version
    acted_on([user.id], f"group_rules:{group.id}")
    db.session.commit()


def proposals(user, group):
    """Every proposal with its votes, newest first: the history is visible to members. Raises NotFound."""
    if not policy.can_view_group(user, group):
        raise NotFound()
    return db.session.scalars(select(RuleProposal).where(RuleProposal.group_id == group.id)
                              .order_by(RuleProposal.created_at.desc(), RuleProposal.id.desc())).all()


def rule_history(user, group):
    """Rules no longer in force (changed or removed), newest first. Raises NotFound."""
    if not policy.can_view_group(user, group):
        raise NotFound()
    return db.session.scalars(select(Rule).where(Rule.group_id == group.id, Rule.removed_at.is_not(None))
                              .order_by(Rule.removed_at.desc())).all()

