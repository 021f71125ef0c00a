"""The daily digest: once per day, only to people who turned it on and whose address is verified, only
notifications not mailed before, in the person's language, with the notification texts and nothing else."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from aftercare.extensions import db
from aftercare.mail.digest import send_digests
from aftercare.mail.models import EmailDigest
from aftercare.notifications.services import notify
from aftercare.timeutil import utcnow

from .smtp import body_of

MORNING = datetime(2026, 12, 8, 6, 0, tzinfo=timezone.utc)


def tell(*users, group="Torsdagsgruppa"):
    notify([user.id for user in users], "group_no_leader", "/groups", group=group)
    db.session.commit()


def test_once_a_day_only_for_those_who_turned_it_on(app, make_user, smtp):
    wants = make_user(email="wants@example.no", email_verified_at=utcnow(), email_digest=True)
    declined = make_user(email="declined@example.no", email_verified_at=utcnow(), email_digest=False)
    unverified = make_user(email="unverified@example.no", email_digest=True)
    disabled = make_user(email="gone@example.no", email_verified_at=utcnow(), email_digest=True, is_disabled=True)
    quiet = make_user(email="quiet@example.no", email_verified_at=utcnow(), email_digest=True)
    tell(wants, declined, unverified, disabled)

    assert send_digests(now=MORNING) == 1
    [(recipients, message)] = smtp.wait_for(1)
    assert recipients == ["wants@example.no"] and quiet.id
    assert message["Subject"] == "Aftercare: you have something new"
    assert "- Torsdagsgruppa has no leader any more" in body_of(message)

    # A rerun the same day sends nothing, even with something new; the next day sends only what is new.
    tell(wants, group="Mandagsgruppa")
    assert send_digests(now=MORNING + timedelta(hours=10)) == 0
    assert send_digests(now=MORNING + timedelta(days=1)) == 1
    second = smtp.wait_for(2)[1][1]
    assert "Mandagsgruppa" in body_of(second) and "Torsdagsgruppa" not in body_of(second)
    # Nothing new: no mail at all.
    assert send_digests(now=MORNING + timedelta(days=2)) == 0
    rows = db.session.scalars(select(EmailDigest).order_by(EmailDigest.day)).all()
    assert [(row.user_id, row.notification_count) for row in rows] == [(wants.id, 1), (wants.id, 1)]


def test_read_notifications_are_left_out(app, login, make_user, smtp):
    person = make_user(email="p@example.no", email_verified_at=utcnow(), email_digest=True)
    tell(person)
    client = app.test_client()
    login(client, person)
    client.post("/notifications/read")  # "mark all read"
    assert send_digests(now=MORNING) == 0


def test_digest_in_the_persons_language(app, make_user, smtp):
    person = make_user(email="p@example.no", email_verified_at=utcnow(), email_digest=True, locale="nb")
    tell(person)
    assert send_digests(now=MORNING) == 1
    message = smtp.wait_for(1)[0][1]
    assert "Torsdagsgruppa har ingen leder lenger" in body_of(message)
    assert message["Subject"] == "Aftercare: du har noe nytt"


def test_a_refused_mail_is_not_recorded_and_goes_out_on_the_next_run(app, make_user, smtp):
    person = make_user(email="p@example.no", email_verified_at=utcnow(), email_digest=True)
    tell(person)
    port = app.config["MAIL_PORT"]
    from .smtp import free_port

    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    assert send_digests(now=MORNING) == 0
    assert db.session.scalar(select(EmailDigest.id)) is None
    app.config["MAIL_PORT"] = port
    assert send_digests(now=MORNING) == 1


def test_cli_command(app, runner, make_user, smtp):
    person = make_user(email="p@example.no", email_verified_at=utcnow(), email_digest=True)
    tell(person)
    assert "Sent 1 daily e-mail digest" in runner.invoke(args=["send-digests"]).output
    assert "Sent 0 daily e-mail digest" in runner.invoke(args=["send-digests"]).output


def test_cli_without_smtp(app, runner):
    assert "E-mail is not configured" in runner.invoke(args=["send-digests"]).output
