"""One path for referrals and invitations: a referral code used at /register is recorded like one used at
/referral, wrong codes and links share one limit, and "this user name is taken" answers are limited."""
from aftercare.accounts import services as accounts
from aftercare.accounts.models import User
from aftercare.extensions import db
from aftercare.referrals import services
from aftercare.referrals.models import Referral

PROFILE = {"username": "newperson", "display_name": "Kari", "password": "a long and private sentence"}


def _error(response):
    page = response.get_data(as_text=True)
    return page.split('role="alert">', 1)[1].split("</p>", 1)[0] if 'role="alert">' in page else page


def test_a_referral_code_used_in_the_invitation_address_is_recorded_as_the_referral(client, make_user):
    referral, code = services.create_referral(make_user(["professional"]), note="Wants a group")
    response = client.post("/register/" + code.replace("-", ""), data=PROFILE)
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.username == "newperson"))
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).owner_id == user.id
    assert services.owned_referral(user).note == "Wants a group"


def test_both_addresses_give_the_same_owner_through_the_one_service(client, make_user):
    professional = make_user(["professional"])
    first, first_code = services.create_referral(professional)
    second, second_code = services.create_referral(professional)
    client.post("/referral/" + first_code, data=PROFILE)
    client.post("/logout")
    other = client.application.test_client()
    other.post("/register/" + second_code.replace("-", ""), data=dict(PROFILE, username="another"))
    db.session.expire_all()
    owners = [db.session.get(Referral, r.id).owner_id for r in (first, second)]
    assert None not in owners and len(set(owners)) == 2


def test_wrong_invitation_links_and_referral_codes_share_one_limit(app):
    app.config["REFERRAL_CODE_LIMIT"] = "3 per 15 minutes"
    client = app.test_client()
    assert client.get("/register/ACDEFGHJKM").status_code == 410
    assert client.get("/register/not-a-real-invitation").status_code == 410
    assert client.post("/referral", data={"code": "ACDEF-GHJKN"}).status_code == 200
    blocked = client.get("/register/another-guess")
    assert blocked.status_code == 429 and "Too many invitation links" in blocked.get_data(as_text=True)
    blocked = client.post("/referral", data={"code": "ACDEF-GHJKP"})
    assert blocked.status_code == 429 and "Too many wrong referral codes" in _error(blocked)
    assert app.test_client().get("/register/x", environ_base={"REMOTE_ADDR": "198.51.100.4"}).status_code == 410


def test_a_working_code_does_not_use_up_the_limit(app, make_user):
    app.config["REFERRAL_CODE_LIMIT"] = "2 per 15 minutes"
    _referral, code = services.create_referral(make_user(["professional"]))
    client = app.test_client()
    for _ in range(6):
        assert client.get("/referral/" + code).status_code == 200
        assert client.get("/register/" + code.replace("-", "")).status_code == 200


def test_taken_user_name_answers_are_limited_per_invitation(app, make_user):
    app.config["USERNAME_CHECK_LIMIT_PER_INVITATION"] = "3 per 1 day"
    for n in range(5):
        make_user(username=f"taken{n}")
    _invitation, token = accounts.create_invitation(make_user(["admin"]), ["participant"])
    client = app.test_client()
    for n in range(3):
        page = client.post("/register/" + token, data=dict(PROFILE, username=f"taken{n}"))
        assert "This user name is taken" in _error(page)
    blocked = client.post("/register/" + token, data=dict(PROFILE, username="taken3"))
    assert blocked.status_code == 429 and "tried many user names that are taken" in _error(blocked)
    # The same answer for a name nobody has: the pause tells nothing about which names exist.
    free = client.post("/register/" + token, data=dict(PROFILE, username="nobody-has-this"))
    assert free.status_code == 429
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 6


def test_taken_user_name_answers_are_limited_per_address_across_invitations(app, make_user):
    app.config["USERNAME_CHECK_LIMIT_PER_ADDRESS"] = "2 per 1 day"
    admin = make_user(["admin"])
    make_user(username="taken")
    tokens = [accounts.create_invitation(admin, ["participant"])[1] for _ in range(3)]
    client = app.test_client()
    for token in tokens[:2]:
        assert "is taken" in _error(client.post("/register/" + token, data=dict(PROFILE, username="taken")))
    assert client.post("/register/" + tokens[2], data=dict(PROFILE, username="taken")).status_code == 429
    elsewhere = app.test_client().post("/register/" + tokens[2], data=PROFILE,
                                       environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert elsewhere.status_code == 302  # another address with a free name registers


def test_a_free_user_name_registers_without_using_up_the_limit(app, make_user):
    app.config["USERNAME_CHECK_LIMIT_PER_ADDRESS"] = "1 per 1 day"
    admin = make_user(["admin"])
    for n in range(3):
        token = accounts.create_invitation(admin, ["participant"])[1]
        client = app.test_client()
        assert client.post("/register/" + token, data=dict(PROFILE, username=f"free{n}")).status_code == 302
