"""Sending an invitation link by e-mail from the invitations page; the address is kept nowhere."""
import re

from sqlalchemy import select

from aftercare.extensions import db

from .smtp import body_of, link_in


def created(client):
    page = client.post("/admin/invitations", data={"roles": ["participant"], "days": 7}).get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'type="hidden" name="token" value="([^"]+)"', page) or re.search(r'id="token"[^>]*value="([^"]+)"', page)
    return page, token.group(1)


def test_invitation_sent_by_mail_and_address_not_kept(app, login, make_user, smtp):
    admin = make_user(["admin"])
    client = app.test_client()
    login(client, admin)
    page, token = created(client)
    assert "Send by e-mail" in page and 'data-copy="invitation-link"' in page
    sent = client.post("/invitations/email", data={"token": token, "email": "new.person@example.no", "locale": "nb"})
    assert sent.status_code == 200 and "The invitation is sent" in sent.get_data(as_text=True)
    [(recipients, message)] = smtp.wait_for(1)
    assert recipients == ["new.person@example.no"]
    assert link_in(message, "/register/").endswith("/register/" + token)
    assert "Du er invitert" in body_of(message)
    for table in db.metadata.sorted_tables:
        assert "new.person" not in str(db.session.execute(select(table)).all()), table.name


def test_only_the_inviters_open_invitation_and_a_real_address(app, login, make_user, smtp):
    admin, other_admin = make_user(["admin"]), make_user(["admin"])
    client = app.test_client()
    login(client, admin)
    _page, token = created(client)
    bad = client.post("/invitations/email", data={"token": token, "email": "nope", "locale": "en"})
    assert bad.status_code == 400 and "Write the whole e-mail address" in bad.get_data(as_text=True)
    other = app.test_client()
    login(other, other_admin)
    assert other.post("/invitations/email", data={"token": token, "email": "a@example.no",
                                                   "locale": "en"}).status_code == 404
    assert client.post("/invitations/email", data={"token": "made-up", "email": "a@example.no",
                                                    "locale": "en"}).status_code == 400
    participant = app.test_client()
    login(participant, make_user())
    assert participant.post("/invitations/email", data={"token": token, "email": "a@example.no",
                                                         "locale": "en"}).status_code == 404
    assert smtp.messages == []


def test_a_leader_mails_a_group_link_that_does_not_name_the_group(app, login, make_user, make_group, smtp):
    leader, other_leader = make_user(), make_user()
    group = make_group(leaders=[leader], name="Torsdagsgruppa")
    make_group(leaders=[other_leader])
    client = app.test_client()
    login(client, leader)
    page = client.post(f"/groups/{group.id}/invite", data={"what": "link"}).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert 'data-copy="group-invitation-link"' in page
    sent = client.post("/groups/invitations/email", data={"token": token, "email": "friend@example.no",
                                                          "locale": "en", "group_id": group.id})
    assert sent.status_code == 200 and f'href="/groups/{group.id}/invite"' in sent.get_data(as_text=True)
    [(recipients, message)] = smtp.wait_for(1)
    assert recipients == ["friend@example.no"] and link_in(message, "/join/").endswith(token)
    assert "Torsdagsgruppa" not in body_of(message) + message["Subject"]
    # Another group's leader cannot mail this link.
    other = app.test_client()
    login(other, other_leader)
    assert other.post("/groups/invitations/email", data={"token": token, "email": "x@example.no",
                                                         "locale": "en"}).status_code == 404
    assert len(smtp.messages) == 1
