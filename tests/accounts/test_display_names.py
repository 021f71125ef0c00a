"""Display names: invisible and direction-changing characters never reach others; look-alike names are refused."""
import pytest
from sqlalchemy import select

from aftercare.accounts import display_names, services
from aftercare.accounts.models import User
from aftercare.extensions import db
from aftercare.groups.models import GroupInvitation, Membership
from aftercare.groups.services.invitations import invite_by_link


@pytest.mark.parametrize("written, shown", [
    ("\u202eAnna", "Anna"),              # right-to-left override
    ("An\u202dna\u202c", "Anna"),        # left-to-right override, pop
    ("\u2066Anna\u2069", "Anna"),        # isolates
    ("\u200fAnna\u200e", "Anna"),        # direction marks
    ("An\u200bna\u200c\u200d", "Anna"),  # zero-width space, non-joiner, joiner
    ("\ufeffAn\u2060na", "Anna"),        # BOM, word joiner
    ("Anna\u00ad", "Anna"),              # soft hyphen
    ("Ola\u2028Nordmann", "Ola Nordmann"),  # line separator
    ("Ola\u3000\u00a0 Nordmann", "Ola Nordmann"),  # any space becomes one space
    ("Bjørn Åse", "Bjørn Åse"),          # letters stay as written
    ("e\u0301va", "éva"),                # composed (NFC)
])
def test_clean_keeps_only_what_a_reader_sees(written, shown):
    assert display_names.clean(written) == (shown, None)


def test_clean_reports_what_is_left_too_short_and_stacked_accents():
    assert display_names.clean("A\u200b\u202e")[1] == "length"
    assert display_names.clean("Za\u0301\u0302\u0303\u0304")[1] == "marks"


@pytest.mark.parametrize("one, other", [
    ("Kari", "K\u0430ri"),     # Cyrillic a
    ("Ola", "0la"),            # digit zero
    ("Ola", "\u039fla"),       # Greek capital omicron
    ("Ida", "lda"),            # capital I against small L
    ("Per", "\uff30\uff25\uff32"),  # full-width
    ("martin", "rnartin"),     # r n against m
    ("Anne", "ANNE"),          # case only
    ("Ola N.", "Ola N"),       # punctuation and spacing
    ("Anna", "An\u200bna"),    # zero width
])
def test_look_alikes_are_confusable(one, other):
    assert display_names.confusable(one, other)


@pytest.mark.parametrize("one, other", [("Ola", "Ole"), ("Åse", "Ase"), ("Bjørn", "Bjorn"), ("Mari", "Marit"),
                                        ("ida", "lda")])
def test_different_names_are_not(one, other):
    assert not display_names.confusable(one, other)


def test_registration_strips_invisible_characters(client, make_user):
    token = services.create_invitation(make_user(["admin"]), ["participant"])[1]
    response = client.post(f"/register/{token}", data={
        "username": "nora", "display_name": "\u202eNo\u200bra\u2066", "password": "my own long passphrase"})
    assert response.status_code == 302
    assert db.session.scalar(select(User.display_name).where(User.username == "nora")) == "Nora"


def test_registration_refuses_a_name_of_only_invisible_characters(client, make_user):
    token = services.create_invitation(make_user(["admin"]), ["participant"])[1]
    response = client.post(f"/register/{token}", data={
        "username": "nora", "display_name": "\u200b\u202e\u200d\u2060", "password": "my own long passphrase"})
    assert response.status_code == 200
    assert "characters you can see" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "nora")) is None


def test_account_page_refuses_a_name_like_another_members(client, login, make_user, make_group):
    kari, other = make_user(display_name="Kari"), make_user(display_name="Nina")
    make_group(members=[kari, other])
    login(client, other)
    response = client.post("/account", data={"display_name": "K\u0430ri", "locale": ""})
    assert response.status_code == 200
    assert "looks the same as this one" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, other.id).display_name == "Nina"
    # A name nobody in the person's groups has is fine, and so is keeping one's own name.
    assert client.post("/account", data={"display_name": "Kari B.", "locale": ""}).status_code == 302
    assert client.post("/account", data={"display_name": "Kari B.", "locale": "nb"}).status_code == 302


def test_account_page_strips_direction_overrides(client, login, make_user):
    user = make_user(display_name="Nina")
    login(client, user)
    assert client.post("/account", data={"display_name": "\u202eaniN", "locale": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "aniN"


def test_a_name_only_alike_in_another_group_is_allowed(client, login, make_user, make_group):
    make_group(members=[make_user(display_name="Kari")])
    other = make_user(display_name="Nina")
    make_group(members=[other])
    login(client, other)
    assert client.post("/account", data={"display_name": "KARI", "locale": ""}).status_code == 302


def test_joining_with_a_name_like_a_members_asks_for_another_name_and_keeps_the_invitation(
        client, login, make_user, make_group):
    leader = make_user(display_name="Leader")
    group = make_group(leaders=[leader], members=[make_user(display_name="Kari")])
    _invitation, token = invite_by_link(leader, group)
    newcomer = make_user(display_name="KAR\u0399")  # Greek capital iota
    login(client, newcomer)
    response = client.post(f"/groups/join/{token}", data={"answer": "join"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "looks the same as yours" in page and "Change my display name" in page
    assert "Kari" not in page  # the member's own name is not disclosed to someone not yet in
    db.session.expire_all()
    assert db.session.scalar(select(Membership).where(Membership.user_id == newcomer.id)) is None
    assert db.session.scalar(select(GroupInvitation.used_at).where(GroupInvitation.group_id == group.id)) is None
    # After choosing another name the same link works.
    assert client.post("/account", data={"display_name": "Kari N.", "locale": ""}).status_code == 302
    assert client.post(f"/groups/join/{token}", data={"answer": "join"}).status_code == 302
    assert db.session.scalar(select(Membership.status).where(Membership.user_id == newcomer.id)) == "active"
