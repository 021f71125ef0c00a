"""Nothing written is lost to the idle timeout: the warning's timing, "Stay signed in", the way back to
the form after logging in again, and the page being told which form was saved."""
import re
from datetime import timedelta

from sqlalchemy import select

from aftercare.accounts.models import LoginSession
from aftercare.extensions import db
from aftercare.timeutil import utcnow

JSON = {"Accept": "application/json"}


def _login_session(user):
    return db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id,
                                                        LoginSession.ended_at.is_(None)))


def _age(user, minutes):
    db.session.execute(db.update(LoginSession).where(LoginSession.user_id == user.id)
                       .values(last_seen_at=utcnow() - timedelta(minutes=minutes)))
    db.session.commit()


def test_pages_carry_the_idle_warning_only_when_signed_in(app, client, login, make_user):
    assert 'id="idle-warning"' not in client.get("/").get_data(as_text=True)
    user = make_user()
    login(client, user)
    _age(user, 20)
    page = client.get("/groups/").get_data(as_text=True)
    assert 'role="alertdialog"' in page and "Stay signed in" in page
    seconds = int(re.search(r'data-idle-seconds="(\d+)"', page).group(1))
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    # The page just touched the login: close to the whole idle time is left, never more.
    assert idle - 90 <= seconds <= idle
    assert 'data-warn-seconds="120"' in page


def test_stay_signed_in_restarts_the_idle_timeout(app, client, login, make_user):
    user = make_user()
    login(client, user)
    idle = app.config["SESSION_IDLE_MINUTES"]
    _age(user, idle - 1)  # a minute left
    response = client.post("/session/keep-alive", headers=JSON)
    assert response.status_code == 200
    assert response.get_json()["idle_seconds"] >= idle * 60 - 5
    db.session.expire_all()
    assert utcnow() - _login_session(user).last_seen_at < timedelta(seconds=10)
    _age(user, idle - 1)
    # Without JavaScript the button is a plain form that comes back to the page.
    response = client.post("/session/keep-alive", data={"next": "/groups/"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/groups/")
    response = client.post("/session/keep-alive", data={"next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_keep_alive_is_a_post_with_csrf_and_nothing_for_a_timed_out_login(app, client, login, make_user):
    user = make_user()
    login(client, user)
    assert client.get("/session/keep-alive").status_code == 405
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        _age(user, 0.5)  # seen half a minute ago: only the keep-alive itself would move it
        assert client.post("/session/keep-alive", headers=JSON).status_code == 400
        db.session.expire_all()
        assert utcnow() - _login_session(user).last_seen_at > timedelta(seconds=25)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    _age(user, app.config["SESSION_IDLE_MINUTES"] + 1)
    response = client.post("/session/keep-alive", headers=JSON)
    assert response.status_code == 401 and response.get_json() == {"error": "signed_out"}
    assert _login_session(user) is None


def test_a_form_sent_after_the_timeout_leads_back_to_its_page_after_login(app, client, login, make_user,
                                                                          make_group):
    leader = make_user()
    group = make_group(leaders=[leader])
    login(client, leader)
    _age(leader, app.config["SESSION_IDLE_MINUTES"] + 1)
    page = f"/groups/{group.id}/purpose"
    response = client.post(page, data={"purpose": "A new purpose written at length"},
                           headers={"Referer": "http://localhost" + page})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/login?next={page}")
    # A form posting elsewhere (the agenda topic on the meeting page) leads back to the page it is on.
    response = client.post(f"/groups/{group.id}/meetings/1/agenda", data={"text": "Sleep"},
                           headers={"Referer": f"http://localhost/groups/{group.id}/meetings/1"})
    assert response.headers["Location"].endswith(f"/login?next=/groups/{group.id}/meetings/1")
    # A Referer from elsewhere is not followed; the form's own address is used.
    response = client.post(f"/groups/{group.id}/meetings/1/agenda", data={"text": "x"},
                           headers={"Referer": "https://evil.example/x"})
    assert "evil" not in response.headers["Location"]
    assert response.headers["Location"].endswith(f"/login?next=/groups/{group.id}/meetings/1/agenda")
    response = client.post(f"/login?next={page}", data={"username": leader.username,
                                                        "password": "correct horse battery"})
    assert response.headers["Location"].endswith(page)


def test_the_page_after_a_save_names_the_saved_form_and_an_error_does_not(app, client, login, make_user,
                                                                          make_group):
    leader = make_user()
    group = make_group(leaders=[leader])
    login(client, leader)
    page = f"/groups/{group.id}/purpose"
    response = client.post(page, data={"purpose": "We meet to support each other"}, follow_redirects=True)
    assert f'data-drafts-saved="{page}"' in response.get_data(as_text=True)
    # Only the next page is told; after that the note is gone.
    assert "data-drafts-saved" not in client.get(page).get_data(as_text=True)
    response = client.post(page, data={"purpose": "short"}, follow_redirects=True)
    assert "data-drafts-saved" not in response.get_data(as_text=True)
    assert 'data-draft' in response.get_data(as_text=True)


def test_a_form_saved_and_shown_again_at_once_is_named_too(app, client, login, make_user, make_group):
    from datetime import time

    from aftercare.meetings import services

    leader = make_user()
    group = make_group(leaders=[leader])
    meeting = services.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                                start_time=time(10, 0), end_time=time(11, 0), place="Room").meetings[0]
    meeting.starts_at, meeting.ends_at = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    db.session.commit()
    services.assign_recorder(leader, meeting, leader.id)
    login(client, leader)
    page = f"/groups/{group.id}/meetings/{meeting.id}/log"
    response = client.post(page, data={"topics": "Holidays"})
    assert response.status_code == 200
    assert f'data-drafts-saved="{page}"' in response.get_data(as_text=True)
