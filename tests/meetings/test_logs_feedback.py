"""Session logs (versions, publishing, name warnings, removal requests) and anonymous feedback."""
from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from aftercare.exceptions import PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import FeedbackAnswer, FeedbackGiven, MeetingLogVersion, RemovalRequest


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_recorder_writes_versions_and_publishes(app, people, group, schedule):
    meeting = schedule()
    with pytest.raises(PermissionDenied):
        services.save_log(people["member"], meeting, {"topics": "x"}, now=meeting.starts_at)
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    version, warnings = services.save_log(people["member"], meeting, {"topics": "Holidays", "present": "5"}, now=meeting.starts_at)
    assert version.number == 1 and warnings == []
    log = services.log_of(meeting)
    assert services.readable_version(people["other"], meeting, log) is None  # not yet published
    assert services.readable_version(people["leader"], meeting, log) is version
    second, _ = services.save_log(people["leader"], meeting, {"topics": "Holidays and summer"}, now=meeting.starts_at)
    assert second.number == 2 and count(MeetingLogVersion) == 2
    services.publish_log(people["member"], meeting, now=meeting.starts_at)
    assert services.readable_version(people["other"], meeting, log).topics == "Holidays and summer"
    assert services.readable_version(people["outsider"], meeting, log) is None
    with pytest.raises(PermissionDenied):
        services.save_log(people["other"], meeting, {"topics": "mine"}, now=meeting.starts_at)


def test_editor_warns_about_display_and_real_names(app, people, group, schedule):
    meeting = schedule()
    people["other"].real_name = "Olga Hansen"
    db.session.commit()
    services.assign_recorder(people["leader"], meeting, people["leader"].id)
    _version, warnings = services.save_log(people["leader"], meeting, {
        "topics": "mona told us about her week; Olga Hansen's son", "present": "Mona, Olga"}, now=meeting.starts_at)
    assert warnings == ["Mona", "Olga", "Olga Hansen"]
    _version, warnings = services.save_log(people["leader"], meeting, {"topics": "Monastery visit"}, now=meeting.starts_at)
    assert warnings == []


def test_bad_logs_store_nothing(app, people, group, schedule):
    meeting = schedule()
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    with pytest.raises(ValidationFailed):
        services.save_log(people["member"], meeting, {}, now=meeting.starts_at)
    with pytest.raises(ValidationFailed):
        services.save_log(people["member"], meeting, {"topics": "x" * 5001}, now=meeting.starts_at)
    with pytest.raises(ValidationFailed):
        services.assign_recorder(people["leader"], meeting, people["outsider"].id)
    assert count(MeetingLogVersion) == 0


def test_removal_request_removed_or_declined_and_the_member_sees_it(app, people, group, schedule):
    meeting = schedule()
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.save_log(people["member"], meeting, {"topics": "Holidays. A story about a custody case. Summer."}, now=meeting.starts_at)
    services.publish_log(people["member"], meeting, now=meeting.starts_at)
    with pytest.raises(ValidationFailed):
        services.request_removal(people["other"], meeting, "not in the log")
    request = services.request_removal(people["other"], meeting, "A story about a custody case.",
                                       "The custody case is mine.")
    overlapping = services.request_removal(people["member"], meeting, "Holidays. A story about a custody case.",
                                           "Please remove: A story about a custody case.")
    log = services.log_of(meeting)
    assert services.removal_requests(people["member"], meeting, log) == [request, overlapping]  # the recorder
    assert services.removal_requests(people["leader"], meeting, log) == [request, overlapping]
    assert services.removal_requests(people["other"], meeting, log) == [request]  # their own
    with pytest.raises(PermissionDenied):
        services.decide_removal(people["other"], meeting, request.id, True)
    services.decide_removal(people["member"], meeting, request.id, True)
    assert request.status == "removed"
    assert "custody" not in log.latest.topics and log.latest.number == 2
    assert all("custody" not in version.topics for version in log.versions)  # nor in the history
    # nor in the request that asked for it, nor in another request quoting it, nor in a notification
    assert "custody" not in request.passage and "custody" not in request.note
    assert "custody" not in overlapping.passage and "custody" not in overlapping.note
    from aftercare.notifications.models import Notification
    assert all("custody" not in str(n.params) for n in db.session.scalars(select(Notification)))
    with pytest.raises(ValidationFailed):
        services.decide_removal(people["member"], meeting, request.id, False)
    second = services.request_removal(people["other"], meeting, "Summer.")
    services.decide_removal(people["leader"], meeting, second.id, False)
    assert second.status == "declined" and "Summer." in log.latest.topics
    assert count(RemovalRequest) == 3


def test_feedback_is_anonymous_once_and_in_range(app, people, group, schedule):
    meeting = schedule()
    during = meeting.starts_at + timedelta(minutes=5)
    with pytest.raises(PermissionDenied):
        services.give_feedback(people["member"], meeting, 5, 5, now=meeting.starts_at - timedelta(minutes=1))
    for bad in ((0, 5), (11, None), (5, "abc"), (None, None)):
        with pytest.raises(ValidationFailed):
            services.give_feedback(people["member"], meeting, *bad, now=during)
    assert count(FeedbackAnswer) == 0 and count(FeedbackGiven) == 0
    services.give_feedback(people["member"], meeting, 7, None, now=during)
    with pytest.raises(ValidationFailed, match="already"):
        services.give_feedback(people["member"], meeting, 3, 3, now=during)
    assert count(FeedbackAnswer) == 1 and count(FeedbackGiven) == 1
    assert "user_id" not in {column.key for column in inspect(FeedbackAnswer).columns}


def test_leaders_see_averages_only_from_three_answers(app, people, group, schedule, make_user):
    meeting = schedule()
    now = meeting.starts_at + timedelta(minutes=100)
    after = meeting.feedback_closes_at
    services.give_feedback(people["member"], meeting, 6, 8, now=now)
    services.give_feedback(people["other"], meeting, 8, 9, now=now)
    [(row_meeting, week, this_meeting)] = services.feedback_overview(people["leader"], group, now=after)
    assert row_meeting == meeting and week.average is None and this_meeting.average is None
    services.give_feedback(people["leader"], meeting, 7, None, now=now)
    [(_m, week, this_meeting)] = services.feedback_overview(people["leader"], group, now=after)
    assert (week.answers, week.average) == (3, 7.0)
    assert (this_meeting.answers, this_meeting.average) == (2, None)  # one member skipped it: two answers
    with pytest.raises(PermissionDenied):
        services.feedback_overview(people["member"], group)


def test_a_question_most_people_skipped_never_shows_one_persons_score(app, people, group, schedule, make_user):
    """Three answers, but only one filled in "my week": that average would be her exact score."""
    meeting = schedule()
    now = meeting.starts_at + timedelta(minutes=100)
    services.give_feedback(people["member"], meeting, 2, 8, now=now)
    services.give_feedback(people["other"], meeting, None, 9, now=now)
    services.give_feedback(people["leader"], meeting, None, 7, now=now)
    [(_m, week, this_meeting)] = services.feedback_overview(people["leader"], group, now=meeting.feedback_closes_at)
    assert (week.answers, week.average) == (1, None)
    assert (this_meeting.answers, this_meeting.average) == (3, 8.0)


def test_results_only_after_feedback_closes_and_no_answer_after_it(app, people, group, schedule):
    meeting = schedule()
    now = meeting.ends_at + timedelta(hours=1)
    for person in ("member", "other"):
        services.give_feedback(people[person], meeting, 5, 5, now=now)
    closes = meeting.feedback_closes_at
    assert closes == meeting.ends_at + timedelta(hours=48)
    services.give_feedback(people["leader"], meeting, 5, 5, now=closes - timedelta(seconds=1))
    # While answers can still arrive, a leader looking before and after one would learn it.
    assert services.feedback_overview(people["leader"], group, now=closes - timedelta(seconds=1)) == []
    db.session.execute(FeedbackGiven.__table__.delete().where(FeedbackGiven.user_id == people["other"].id))
    db.session.commit()
    with pytest.raises(ValidationFailed, match="closed"):
        services.give_feedback(people["other"], meeting, 1, 1, now=closes)
    assert count(FeedbackAnswer) == 3
    [(_m, week, _mt)] = services.feedback_overview(people["leader"], group, now=closes)
    assert (week.answers, week.average) == (3, 5.0)


def test_leaders_hear_of_notices_and_members_of_published_logs(app, people, group, schedule):
    from aftercare.notifications.models import Notification
    from aftercare.notifications.services import text_of

    meeting = schedule()
    services.give_notice(people["member"], meeting, "Sick")
    services.give_notice(people["member"], meeting, "Still sick")  # one notification, not two
    to_leader = db.session.scalars(select(Notification).where(Notification.user_id == people["leader"].id)).all()
    assert [n.kind for n in to_leader] == ["notice_given"]
    assert "Mona has given notice" in text_of(to_leader[0]) and "Sick" not in text_of(to_leader[0])
    services.assign_recorder(people["leader"], meeting, people["member"].id)
    services.save_log(people["member"], meeting, {"topics": "Holidays"}, now=meeting.starts_at)
    services.publish_log(people["member"], meeting, now=meeting.starts_at)
    services.publish_log(people["member"], meeting, now=meeting.starts_at)
    published = db.session.scalars(select(Notification).where(Notification.kind == "log_published")).all()
    assert sorted(n.user_id for n in published) == sorted([people["leader"].id, people["other"].id])
