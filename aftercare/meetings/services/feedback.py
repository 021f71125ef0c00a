"""Anonymous feedback after a meeting (KOR): two optional 1–10 questions; averages only from 3 answers."""
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import PermissionDenied, ValidationFailed
from ...extensions import db
from ..models import FeedbackAnswer, FeedbackGiven, Meeting

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
    """Stores the answers without the person, and separately that the person has answered."""
    if not policy.can_give_feedback(user, meeting, now):
        raise PermissionDenied()
    week, this_meeting = _score(week_score, "week_score"), _score(meeting_score, "meeting_score")
    if week is None and this_meeting is None:
        raise ValidationFailed(_("Answer at least one of the questions, or just skip the feedback."))
    if has_given_feedback(user, meeting):
        raise ValidationFailed(_("You have already given feedback on this meeting. Thank you!"))
    db.session.add(FeedbackGiven(meeting_id=meeting.id, user_id=user.id))
    db.session.add(FeedbackAnswer(meeting_id=meeting.id, week_score=week, meeting_score=this_meeting))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed(_("You have already given feedback on this meeting. Thank you!")) from None


def feedback_overview(user, group):
    """[(meeting, answers, week average or None, meeting average or None)], newest first; averages need 3 answers."""
    if not policy.can_see_feedback(user, group):
        raise PermissionDenied()
    rows = db.session.execute(
        select(Meeting, func.count(FeedbackAnswer.id), func.avg(FeedbackAnswer.week_score),
               func.avg(FeedbackAnswer.meeting_score))
        .join(FeedbackAnswer, FeedbackAnswer.meeting_id == Meeting.id)
        .where(Meeting.group_id == group.id).group_by(Meeting.id).order_by(Meeting.starts_at.desc())).all()
    result = []
    for meeting, answers, week, this_meeting in rows:
        enough = answers >= MIN_ANSWERS
        result.append((meeting, answers, round(float(week), 1) if enough and week is not None else None,
                       round(float(this_meeting), 1) if enough and this_meeting is not None else None))
    return result
