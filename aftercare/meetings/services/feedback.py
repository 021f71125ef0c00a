"""Anonymous feedback after a meeting (KOR): two optional 1–10 questions. Results only once feedback has
closed, and for each question only from 3 answers to that question."""
from dataclasses import dataclass
from typing import Optional

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import PermissionDenied, ValidationFailed
from ...extensions import db
from ...notifications.services import acted_on
from ...timeutil import utcnow
from ..models import FEEDBACK_OPEN_FOR, FeedbackAnswer, FeedbackGiven, Meeting

MIN_ANSWERS = 3


def has_given_feedback(user, meeting):
    return db.session.scalar(select(FeedbackGiven).where(FeedbackGiven.meeting_id == meeting.id,
                                                         FeedbackGiven.user_id == user.id)) is not None


def _score(value, field):
    if value in (None, ""):
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 10:
        raise ValidationFailed(_("Answer with a number from 1 to 10, or leave it empty."), field=field)
    return value


def give_feedback(user, meeting, week_score, meeting_score, now=None):
    """Stores the answers without the person, and separately that the person has answered.
    Raises PermissionDenied, ValidationFailed."""
    if not policy.can_give_feedback(user, meeting, now):
        if meeting.feedback_closed(now) and policy.can_post(user, meeting.group):
            raise ValidationFailed(_("Feedback on this meeting has closed."))
        raise PermissionDenied()
    week, this_meeting = _score(week_score, "week_score"), _score(meeting_score, "meeting_score")
    if week is None and this_meeting is None:
        raise ValidationFailed(_("Answer at least one of the questions, or just skip the feedback."))
    if has_given_feedback(user, meeting):
        raise ValidationFailed(_("You have already given feedback on this meeting. Thank you!"))
    db.session.add(FeedbackGiven(meeting_id=meeting.id, user_id=user.id))
    db.session.add(FeedbackAnswer(meeting_id=meeting.id, week_score=week, meeting_score=this_meeting))
    try:
        acted_on([user.id], f"meeting_feedback:{meeting.id}")
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed(_("You have already given feedback on this meeting. Thank you!")) from None


@dataclass(frozen=True)
class QuestionResult:
    """One question of one meeting: the average, or None when fewer than MIN_ANSWERS answered it."""
    answers: int
    average: Optional[float]


def _result(answers, average):
    return QuestionResult(answers, float(average) if answers >= MIN_ANSWERS and average is not None else None)


def feedback_overview(user, group, now=None):
    """[(meeting, week result, meeting result)] for meetings whose feedback has closed, newest first.

    Each question counts only the answers that filled it in: a question left empty by most people must not
    show the one score it has. Raises PermissionDenied."""
    if not policy.can_see_feedback(user, group):
        raise PermissionDenied()
    now = now or utcnow()
    rows = db.session.execute(
        select(Meeting, func.count(FeedbackAnswer.week_score), func.avg(FeedbackAnswer.week_score),
               func.count(FeedbackAnswer.meeting_score), func.avg(FeedbackAnswer.meeting_score))
        .join(FeedbackAnswer, FeedbackAnswer.meeting_id == Meeting.id)
        .where(Meeting.group_id == group.id, Meeting.ends_at <= now - FEEDBACK_OPEN_FOR)
        .group_by(Meeting.id).order_by(Meeting.starts_at.desc())).all()
    return [(meeting, _result(week_n, week), _result(meeting_n, this_meeting))
            for meeting, week_n, week, meeting_n, this_meeting in rows]
