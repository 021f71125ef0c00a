"""Every meeting in a calendar feed carries a reminder an hour before; a cancelled one does not."""
from aftercare.meetings import services


def events(body):
    unfolded = body.replace("\r\n ", "")
    return [chunk.split("END:VEVENT")[0] for chunk in unfolded.split("BEGIN:VEVENT")[1:]]


def test_each_meeting_has_a_reminder_an_hour_before(app, people, group, schedule):
    from aftercare.extensions import db

    group.language = "en"
    db.session.commit()
    meeting = schedule()
    token = services.renew_feed(people["member"])
    body = app.test_client().get(f"/calendar/{token}.ics").get_data(as_text=True)
    first = next(event for event in events(body) if f"UID:meeting-{meeting.id}@" in event)
    alarm = first.split("BEGIN:VALARM\r\n")[1].split("END:VALARM")[0]
    assert "ACTION:DISPLAY\r\n" in alarm and "TRIGGER:-PT1H\r\n" in alarm
    assert f"DESCRIPTION:{group.name} meets in an hour\r\n" in alarm


def test_reminder_in_the_groups_language_and_none_when_cancelled(app, people, group, schedule):
    from aftercare.extensions import db
    from aftercare.timeutil import utcnow

    group.language = "nb"
    meeting = schedule()
    cancelled = schedule(days=14)
    cancelled.cancelled_at = utcnow()
    db.session.commit()
    body = services.ics_for([meeting, cancelled], "example.org")
    kept, gone = events(body)
    assert f"DESCRIPTION:{group.name} møtes om en time\r\n" in kept
    assert "STATUS:CANCELLED" in gone and "VALARM" not in gone
