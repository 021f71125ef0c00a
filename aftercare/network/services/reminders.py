"""Her plan's steps reaching their date: a notice to her alone, once per date she set, for a step she has not
marked done or dropped. Nobody else is told, and nothing counts steps that are late."""
from sqlalchemy import or_, select

from ... import policy
from ...extensions import db
from ...notifications.services import acted_on, notify
from ...timeutil import local_today
from ..models import PlanStep

# The marks after which a step needs nothing more.
SETTLED = ("done", "dropped")


def step_about(step):
    return f"plan_step:{step.id}"


def send_step_reminders(today=None):
    """The sweep: each open step whose date is today is announced to its owner, once for that date (a new
    date gets its own notice). Commits once; returns how many steps were announced."""
    today = today or local_today()
    due = db.session.scalars(select(PlanStep).where(
        PlanStep.due_on == today, or_(PlanStep.status.is_(None), PlanStep.status.not_in(SETTLED)),
        or_(PlanStep.reminded_for.is_(None), PlanStep.reminded_for != PlanStep.due_on))
        .order_by(PlanStep.id)).all()
    for step in due:
        step.reminded_for = step.due_on
        if step.owner.is_disabled or not policy.can_keep_network_tools(step.owner):
            continue
        notify([step.owner_id], "plan_step_due", link=f"/network/plan#step-{step.id}", about=step_about(step))
    db.session.commit()
    return len(due)


def step_seen_to(step):
    """She marked, changed or removed the step: its notice is no longer new. The caller commits."""
    acted_on([step.owner_id], step_about(step))
