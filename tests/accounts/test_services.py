"""Account services: invitations, registration, login sessions, password change, deletion."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from aftercare.accounts import services
from aftercare.accounts.models import Invitation, LoginSession, Role, User
from aftercare.exceptions import PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.timeutil import utcnow


@pytest.fixture
def admin(make_user):
    return make_user(["admin"])


def register(token, username="newperson", **overrides):
    fields = dict(username=username, display_name="Nora", password="a fine long passphrase")
    fields.update(overrides)
    return services.register(token, **fields)


def test_invitation_token_is_stored_only_as_a_hash(admin):
    invitation, token = services.create_invitation(admin, ["participant"])
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.token_digest(token)
    assert db.session.scalar(select(Invitation).where(Invitation.token_hash == token)) is None


def test_only_admins_invite(make_user):
    with pytest.raises(PermissionDenied):
        services.create_invitation(make_user(["coordinator"]), ["participant"])


def test_register_through_invitation_gives_its_account_kinds(admin):
    _invitation, token = services.create_invitation(admin, ["participant", "time_giver"])
    user = register(token, real_name="Nora Nilsen", phone="+47 912 34 567")
    assert user.roles == {Role.PARTICIPANT, Role.TIME_GIVER}
    assert user.real_name == "Nora Nilsen" and user.phone == "+47 912 34 567"
    assert user.password_hash.startswith("$argon2id$")


def test_invitation_works_once(admin):
    _invitation, token = services.create_invitation(admin, ["participant"])
    register(token)
    with pytest.raises(ValidationFailed, match="already been used"):
        register(token, username="someoneelse")
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 2


def test_expired_and_forged_invitations(admin):
    invitation, token = services.create_invitation(admin, ["participant"])
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(ValidationFailed, match="expired"):
        register(token)
    with pytest.raises(ValidationFailed, match="not valid"):
        register("forged-token-that-does-not-exist")


def test_invitation_claimed_by_someone_else_between_check_and_use(admin, monkeypatch):
    """Two tabs submit at once: the conditional update lets only one of them through."""
    invitation, token = services.create_invitation(admin, ["participant"])
    real_check = services.check_invitation

    def check_then_lose_race(value):
        found = real_check(value)
        db.session.execute(db.update(Invitation).where(Invitation.id == found.id).values(used_at=utcnow()))
        return found

    monkeypatch.setattr(services, "check_invitation", check_then_lose_race)
    with pytest.raises(ValidationFailed, match="already been used"):
        register(token)
    assert db.session.scalar(select(User).where(User.username == "newperson")) is None


@pytest.mark.parametrize("field,value,message", [
    ("username", "A", "user name"),
    ("username", "has space", "user name"),
    ("display_name", "x", "display name"),
    ("password", "password1", "common"),
    ("phone", "call me maybe", "phone number"),
])
def test_bad_registration_input_stores_nothing(admin, field, value, message):
    invitation, token = services.create_invitation(admin, ["participant"])
    with pytest.raises(ValidationFailed, match=message) as caught:
        register(token, **{field: value})
    assert caught.value.field == field
    db.session.refresh(invitation)
    assert invitation.used_at is None
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def test_taken_username(admin, make_user):
    make_user(username="taken")
    _invitation, token = services.create_invitation(admin, ["participant"])
    with pytest.raises(ValidationFailed, match="taken"):
        register(token, username="Taken")


def test_authenticate(make_user):
    user = make_user(username="lise")
    assert services.authenticate("LISE", "correct horse battery") == user
    assert services.authenticate("lise", "wrong") is None
    assert services.authenticate("nobody", "correct horse battery") is None
    user.is_disabled = True
    db.session.commit()
    assert services.authenticate("lise", "correct horse battery") is None


def test_idle_login_session_ends(make_user):
    user = make_user()
    login_session = services.start_login_session(user, "Chrome · Android")
    assert services.resume_login_session(login_session.public_id, idle_minutes=60).user == user
    login_session.last_seen_at = utcnow() - timedelta(minutes=61)
    db.session.commit()
    assert services.resume_login_session(login_session.public_id, idle_minutes=60) is None
    assert db.session.get(LoginSession, login_session.id).ended_at is not None


def test_change_password_ends_other_sessions(make_user):
    user = make_user()
    here = services.start_login_session(user)
    elsewhere = services.start_login_session(user)
    ended = services.change_password(user, "correct horse battery", "a brand new passphrase",
                                     keep_public_id=here.public_id)
    assert ended == 1
    assert services.resume_login_session(here.public_id, 60).user == user
    assert services.resume_login_session(elsewhere.public_id, 60) is None
    assert services.authenticate(user.username, "a brand new passphrase") == user


def test_change_password_checks_current_and_new(make_user):
    user = make_user()
    with pytest.raises(ValidationFailed) as caught:
        services.change_password(user, "wrong", "a brand new passphrase")
    assert caught.value.field == "current_password"
    with pytest.raises(ValidationFailed) as caught:
        services.change_password(user, "correct horse battery", "12345678")
    assert caught.value.field == "new_password"


def test_cannot_end_someone_elses_session(make_user):
    from aftercare.exceptions import NotFound

    owner, other = make_user(), make_user()
    login_session = services.start_login_session(owner)
    with pytest.raises(NotFound):
        services.end_login_session(other, login_session.public_id)


def test_delete_account_removes_personal_fields(make_user):
    user = make_user(real_name="Private Name", phone="12345678")
    services.start_login_session(user)
    user_id = user.id
    services.delete_account(user, user, "correct horse battery")
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalar(select(db.func.count()).select_from(LoginSession)) == 0


def test_delete_account_needs_password_and_keeps_an_admin(make_user):
    admin = make_user(["admin"])
    with pytest.raises(ValidationFailed):
        services.delete_account(admin, admin, "wrong")
    with pytest.raises(ValidationFailed, match="only admin"):
        services.delete_account(admin, admin, "correct horse battery")
    other = make_user()
    with pytest.raises(PermissionDenied):
        services.delete_account(other, admin, "correct horse battery")


def test_resumed_login_session_brings_every_account_kind(app, make_user):
    """The login session is loaded with its user and their kinds in one query; none may go missing."""
    user = make_user(["participant", "time_giver", "coordinator"])
    session = services.start_login_session(user)
    db.session.commit()
    public_id = session.public_id
    db.session.expunge_all()
    loaded = services.resume_login_session(public_id, 60)
    assert len(loaded.user.role_rows) == 3
