"""NUL and other control characters in any form or address: a clear 400 page, nothing stored, no traceback."""
import logging

import pytest

from aftercare.accounts.models import User
from aftercare.extensions import db

from ..rights.test_access_walk import build_world, snapshot

NAMED_FORMS = {
    # endpoint: (who posts, url template, a valid form with one field carrying the bad text)
    "account": ("member", "/account", {"display_name": "Mem{bad}ber", "real_name": "", "phone": "", "locale": ""}),
    "purpose": ("leader", "/groups/{group_id}/purpose", {"purpose": "A purpose long enough{bad} to pass."}),
    "agenda": ("member", "/groups/{group_id}/meetings/{meeting_id}/agenda", {"text": "Sleep{bad} and rest"}),
    "notice": ("member", "/groups/{group_id}/meetings/{meeting_id}/notice", {"reason": "Ill{bad}"}),
    "log": ("leader", "/groups/{group_id}/meetings/{meeting_id}/log", {"topics": "We talked{bad}", "present": ""}),
    "rule proposal": ("member", "/groups/{group_id}/rules/propose", {"kind": "add", "text": "One{bad} at a time"}),
}


def _people(values):
    member = db.session.get(User, values["user_id"])
    leader = db.session.scalar(db.select(User).where(User.display_name == "LEADER-NAME"))
    return {"member": member, "leader": leader}


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85"])
@pytest.mark.parametrize("name", sorted(NAMED_FORMS))
def test_control_characters_in_each_named_form_answer_400_and_store_nothing(app, client, login, factories,
                                                                             caplog, name, bad):
    values = build_world(factories)
    who, url, form = NAMED_FORMS[name]
    login(client, _people(values)[who])
    before = snapshot()
    with caplog.at_level(logging.ERROR):
        response = client.post(url.format(**values), data={k: v.format(bad=bad) for k, v in form.items()})
    db.session.expire_all()
    assert response.status_code == 400
    assert "invisible control characters" in response.get_data(as_text=True)
    assert snapshot() == before
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


def test_the_same_form_without_the_bad_character_is_stored(app, client, login, factories):
    """The 400 comes from the character, not from the form: without it, each named form is taken."""
    values = build_world(factories)
    for name, (who, url, form) in sorted(NAMED_FORMS.items()):
        client.post("/logout")
        login(client, _people(values)[who])
        if name == "log":  # a log is written once its meeting has begun: the world's meeting is to come
            _begin(values["meeting_id"])
        before = snapshot()
        response = client.post(url.format(**values), data={k: v.format(bad="") for k, v in form.items()})
        db.session.expire_all()
        assert response.status_code in (200, 302), name  # the log page shows its saved version again
        assert snapshot() != before, name


def _begin(meeting_id):
    """Move a meeting so that it began ten minutes ago."""
    from datetime import timedelta

    from aftercare.meetings.models import Meeting
    from aftercare.timeutil import as_utc, utcnow

    meeting = db.session.get(Meeting, meeting_id)
    length = as_utc(meeting.ends_at) - as_utc(meeting.starts_at)
    meeting.starts_at = utcnow() - timedelta(minutes=10)
    meeting.ends_at = meeting.starts_at + length
    db.session.commit()


def test_nul_in_login_answers_400_in_both_languages(app, client, make_user):
    user = make_user()
    response = client.post("/login", data={"username": user.username + "\x00", "password": "x\x00"})
    assert response.status_code == 400
    assert "invisible control characters" in response.get_data(as_text=True)
    client.post("/language", data={"locale": "nb"})
    response = client.post("/login", data={"username": "\x00", "password": "x"})
    assert response.status_code == 400
    assert "usynlige kontrolltegn" in response.get_data(as_text=True)


def test_nul_in_the_query_or_the_address_answers_400(app, client, login, make_user):
    login(client, make_user())
    assert client.get("/groups/?q=a%00b").status_code == 400
    assert client.get("/referral/AB%00CD").status_code == 400


def test_newlines_and_tabs_in_long_text_are_kept(app, client, login, factories):
    values = build_world(factories)
    login(client, _people(values)["leader"])
    response = client.post(f"/groups/{values['group_id']}/purpose",
                           data={"purpose": "Line one\r\n\tLine two, long enough."})
    assert response.status_code == 302
    from aftercare.groups.models import Group

    db.session.expire_all()
    assert "\tLine two" in db.session.get(Group, values["group_id"]).purpose


def test_a_form_over_the_size_limit_gets_a_page_not_a_crash(app, client, make_user):
    response = client.post("/login", data={"username": "a" * 600_000, "password": "x"},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "too long to be saved" in response.get_data(as_text=True)


def test_a_body_over_a_megabyte_gets_the_same_page_whatever_its_encoding(app, client, make_user):
    response = client.post("/login", data={"username": "a" * (1024 * 1024), "password": "x"})
    assert response.status_code == 413
    assert "too long to be saved" in response.get_data(as_text=True)
