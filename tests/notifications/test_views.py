"""The notification pages: reading never writes; opening one (a POST) marks it read and goes to its page;
"mark all read" is a POST; the count for the navigation is JSON and leaves the idle timeout running; kinds
that stay until dismissed wait on the home page; someone else's notification is not found."""
from datetime import timedelta

from sqlalchemy import select

from aftercare.accounts.models import LoginSession
from aftercare.extensions import db
from aftercare.notifications import services
from aftercare.notifications.models import Notification


def make(user, kind="group_no_leader", link="/groups/coordinate", **params):
    [notification] = services.notify([user.id], kind, link=link, **(params or {"group": "Torsdagsgruppa"}))
    db.session.commit()
    return notification


def unread(user):
    db.session.expire_all()
    return services.unread_count(user)


def test_the_list_does_not_mark_anything_read(client, login, make_user):
    user = make_user()
    make(user)
    login(client, user)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Torsdagsgruppa has no leader any more" in page and "Mark all read" in page
    client.get("/notifications")
    assert unread(user) == 1


def test_opening_one_marks_it_read_and_goes_to_its_page(client, login, make_user):
    user = make_user()
    first, second = make(user), make(user, link="/time-givers/matches")
    login(client, user)
    response = client.post(f"/notifications/{second.id}/open")
    assert response.status_code == 302 and response.location == "/time-givers/matches"
    db.session.expire_all()
    assert db.session.get(Notification, second.id).read_at is not None
    assert db.session.get(Notification, first.id).read_at is None


def test_a_link_off_the_site_is_not_followed(client, login, make_user):
    user = make_user()
    notification = make(user, link="https://elsewhere.example/")
    login(client, user)
    assert client.post(f"/notifications/{notification.id}/open").location == "/notifications"


def test_mark_all_read_is_a_post(client, login, make_user):
    user = make_user()
    make(user), make(user)
    login(client, user)
    assert client.get("/notifications/read").status_code == 405
    assert unread(user) == 2
    client.post("/notifications/read")
    assert unread(user) == 0


def test_someone_elses_notification_is_not_found_and_stays_unread(client, login, make_user):
    owner, other = make_user(), make_user()
    notification = make(owner)
    login(client, other)
    assert client.post(f"/notifications/{notification.id}/open").status_code == 404
    assert client.post(f"/notifications/{notification.id}/dismiss").status_code == 404
    assert unread(owner) == 1


def test_the_count_is_json_and_does_not_keep_the_login_alive(app, client, login, make_user):
    user = make_user()
    login(client, user)
    assert client.get("/notifications/count.json").get_json() == {"unread": 0}
    make(user)
    login_session = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    seen = login_session.last_seen_at - timedelta(minutes=10)
    login_session.last_seen_at = seen
    db.session.commit()
    assert client.get("/notifications/count.json").get_json() == {"unread": 1}
    db.session.expire_all()
    assert db.session.get(LoginSession, login_session.id).last_seen_at == seen
    client.get("/notifications")  # a page the person opened does count as being there
    db.session.expire_all()
    assert db.session.get(LoginSession, login_session.id).last_seen_at > seen


def test_the_count_asks_a_signed_out_page_to_stop(client):
    response = client.get("/notifications/count.json", headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_a_standing_notification_waits_on_the_home_page_until_dismissed(client, login, make_user):
    user = make_user()
    notification = make(user, "match_time_giver_left", link="/time-givers/ask", **{"_": 0})
    login(client, user)
    assert "Your time-giver has left Aftercare" in client.get("/").get_data(as_text=True)
    assert "Your time-giver has left Aftercare" in client.get("/").get_data(as_text=True)  # GET changes nothing
    client.post(f"/notifications/{notification.id}/dismiss")
    assert "Your time-giver has left Aftercare" not in client.get("/").get_data(as_text=True)
    assert unread(user) == 0
    assert "Your time-giver has left Aftercare" in client.get("/notifications").get_data(as_text=True)


def test_in_bokmal(client, login, make_user):
    user = make_user(locale="nb")
    make(user)
    login(client, user)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Merk alle som lest" in page and "Velg hva som når deg, og når" in page


def test_pushes_are_offered_right_after_joining_a_group_and_not_on_its_page_later(app, login, make_user,
                                                                                   make_group, vapid):
    import re

    leader, newcomer = make_user(), make_user()
    group = make_group(leaders=[leader])
    leader_client, newcomer_client = app.test_client(), app.test_client()
    login(leader_client, leader)
    page = leader_client.post(f"/groups/{group.id}/invite", data={"what": "link"}).get_data(as_text=True)
    path = re.search(r'value="http://localhost(/groups/join/[^"]+)"', page).group(1)
    login(newcomer_client, newcomer)
    home = newcomer_client.get("/").get_data(as_text=True)
    assert "data-push-offer" not in home  # never on a first visit
    joined = newcomer_client.post(path, data={"answer": "join"}, follow_redirects=True).get_data(as_text=True)
    assert "Welcome to" in joined and "data-push-offer" in joined and "data-offer-only" in joined
    assert f'data-key="{vapid}"' in joined
    assert "data-push-offer" not in newcomer_client.get(f"/groups/{group.id}").get_data(as_text=True)


def test_no_offer_without_vapid_keys(app, client, login, make_user):
    login(client, make_user())
    assert "data-push-offer" not in client.get("/notifications/choices").get_data(as_text=True)
