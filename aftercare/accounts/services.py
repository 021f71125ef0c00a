"""Account services: invitations, registration, login sessions, settings, deletion."""
import hashlib
import re
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import policy, throttle
from ..exceptions import NotFound, PermissionDenied, ValidationFailed
from ..extensions import db
from ..signals import account_deleting, invitation_redeemed, logins_ended
from ..timeutil import utcnow
from . import display_names
from .devices import device_key
from .models import Invitation, LoginSession, Role, User, UserRole
from .passwords import burn_time, hash_password, needs_rehash, password_problem, verify_password

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{5,30}$")


def token_digest(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- invitations ---

def create_invitation(actor, roles, *, label="", days=7):
    """Create a single-use invitation and return (invitation, token); the token is shown once.

    Raises PermissionDenied unless the actor may invite, ValidationFailed for bad input.
    """
    if not policy.can_create_invitation(actor):
        raise PermissionDenied(_l("You may not invite people."))
    try:
        kinds = sorted({Role(value) for value in roles}, key=lambda r: r.value)
    except ValueError:
        raise ValidationFailed(_l("Unknown account kind."), field="roles")
    if not kinds:
        raise ValidationFailed(_l("Choose at least one account kind."), field="roles")
    if not 1 <= int(days) <= 30:
        raise ValidationFailed(_l("An invitation is valid for 1 to 30 days."), field="days")
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        token_hash=token_digest(token),
        roles_csv=",".join(k.value for k in kinds),
        label=(label or "").strip()[:120],
        created_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=int(days)),
    )
    db.session.add(invitation)
    db.session.commit()
    return invitation, token


def open_invitation(token, *, address=None, rule=throttle.INVITATION_LINK):
    """check_invitation, counting a link that does not work against the address (referral codes are
    invitations too, so one limit covers both). Raises TooManyAttempts (nothing checked), ValidationFailed."""
    with throttle.attempt((rule, throttle.address_key(address))) as tries:
        invitation = check_invitation(token)
        tries.succeeded()
    return invitation


def check_invitation(token):
    """Return the open invitation for a token. Raises ValidationFailed saying why it cannot be used."""
    invitation = None
    if token and len(token) <= 100:
        invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_digest(token)))
    if invitation is None:
        raise ValidationFailed(_l("This invitation link is not valid. Check that you copied all of it, "
                                  "or ask the person who invited you for a new one."))
    status = invitation.status()
    if status == "used":
        raise ValidationFailed(_l("This invitation has already been used. Each invitation works once; "
                                  "ask for a new one if you need it."))
    if status in ("expired", "revoked"):
        raise ValidationFailed(_l("This invitation has expired. Ask the person who invited you for a new one."))
    return invitation


def revoke_invitation(actor, invitation):
    """An admin revokes an invitation that is still open. Raises PermissionDenied."""
    if not policy.can_create_invitation(actor):
        raise PermissionDenied(_l("You may not manage invitations."))
    if invitation.status() == "open":
        invitation.revoked_at = utcnow()
        db.session.commit()


def clean_display_name(display_name):
    """The name as it is stored and shown (invisible and direction-changing characters removed).
    Raises ValidationFailed when what is left is too short or too long, or piles up accents."""
    display_name, problem = display_names.clean(display_name)
    if problem == "marks":
        raise ValidationFailed(_l("Use at most two accents on one letter."), field="display_name")
    if problem:
        raise ValidationFailed(_l("A display name has 2 to 60 characters you can see."), field="display_name")
    return display_name


def name_confusable_in(display_name, group_ids, exclude_user_id=None):
    """True when an active member of one of these groups has a display name a reader could take for
    this one (same letters in another script or case, look-alike characters, spacing)."""
    from ..groups.models import Membership

    if not group_ids:
        return False
    names = db.session.scalars(select(User.display_name).join(Membership, Membership.user_id == User.id).where(
        Membership.group_id.in_(group_ids), Membership.status == "active",
        User.id != (exclude_user_id or 0)).distinct()).all()
    keys = display_names.confusion_keys(display_name)
    return any(keys & display_names.confusion_keys(name) for name in names)


def _groups_of(user):
    from ..groups.models import Membership

    return db.session.scalars(select(Membership.group_id).where(Membership.user_id == user.id,
                                                                Membership.status == "active")).all()


def _clean_profile(display_name, real_name, phone):
    display_name = clean_display_name(display_name)
    real_name = (real_name or "").strip() or None
    if real_name and len(real_name) > 120:
        raise ValidationFailed(_l("Use at most 120 characters."), field="real_name")
    phone = (phone or "").strip() or None
    if phone and not PHONE_RE.match(phone):
        raise ValidationFailed(_l("Write the phone number with digits, for example +47 912 34 567."), field="phone")
    return display_name, real_name, phone


def register(token, *, username, display_name, password, real_name=None, phone=None, locale=None,
             address=None):
    """Create an account through an invitation (a referral's too, which then belongs to the person), using
    it up. Counts wrong links and taken user names against the address and the invitation.
    Raises TooManyAttempts, ValidationFailed; stores nothing then."""
    invitation = open_invitation(token, address=address)
    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise ValidationFailed(_l("A user name has 3 to 40 characters: letters a–z, digits, dot, dash "
                                  "or underscore."), field="username")
    display_name, real_name, phone = _clean_profile(display_name, real_name, phone)
    problem = password_problem(password, username=username, display_name=display_name)
    if problem:
        raise ValidationFailed(problem, field="password")
    _claim_username(username, invitation, address)

    now = utcnow()
    # Claim the invitation with a conditional update, so two tabs cannot both use it.
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None),
               Invitation.revoked_at.is_(None), Invitation.expires_at > now)
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise ValidationFailed(_l("This invitation has already been used. Each invitation works once; "
                                  "ask for a new one if you need it."))
    user = User(username=username, display_name=display_name, real_name=real_name, phone=phone,
                password_hash=hash_password(password), locale=locale if locale in ("en", "nb") else None)
    user.role_rows = [UserRole(role=role) for role in invitation.roles]
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed(_l("This user name is taken. Choose another."), field="username")
    invitation.used_by_id = user.id
    invitation_redeemed.send(user, invitation=invitation)
    db.session.commit()
    return user


def _claim_username(username, invitation, address):
    """Refuse a taken user name; each such answer counts (it tells that an account exists)."""
    with throttle.attempt((throttle.USERNAME_ADDRESS, throttle.address_key(address)),
                          (throttle.USERNAME_INVITATION, invitation.id)) as tries:
        if db.session.scalar(select(User.id).where(User.username == username)) is not None:
            raise ValidationFailed(_l("This user name is taken. Choose another."), field="username")
        tries.succeeded()


# --- signing in and out ---

def check_login(username, password, *, address, device=None):
    """The user for these credentials, or None; a try is reserved first against the address and the
    account (this browser's own count if it has logged in to the account before) and given back when the
    password is right. Raises TooManyAttempts, then nothing is checked."""
    username = (username or "").strip().lower()
    user = db.session.scalar(select(User).where(User.username == username)) if username else None
    trusted = device_key(device, user.id) if user is not None else None
    account = (throttle.LOGIN_DEVICE, trusted) if trusted else (throttle.LOGIN_ACCOUNT, username)
    with throttle.attempt((throttle.LOGIN_ADDRESS, throttle.address_key(address)), account) as tries:
        user = _verify(user, password)
        if user is not None:
            tries.succeeded()
    return user


def authenticate(username, password):
    """Return the user for these credentials, or None. Takes the same time whether or not the name exists."""
    username = (username or "").strip().lower()
    return _verify(db.session.scalar(select(User).where(User.username == username)) if username else None,
                   password)


def _verify(user, password):
    if user is None:
        burn_time(password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    if user.is_disabled:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def start_login_session(user, device=""):
    """Record a new signed-in device and return it; its fresh public id becomes the cookie's identity."""
    login_session = LoginSession(public_id=secrets.token_urlsafe(32), user_id=user.id, device=device[:80])
    db.session.add(login_session)
    db.session.commit()
    user._login_session_id = login_session.public_id
    return login_session


def resume_login_session(public_id, idle_minutes, touch=True):
    """Return a live login session (its .user is the person), ending it if idle too long; else None.
    `touch=False` leaves the idle timeout running (a request the page made by itself)."""
    if not public_id:
        return None
    login_session = db.session.scalar(
        select(LoginSession).options(joinedload(LoginSession.user).joinedload(User.role_rows))  # one round trip
        .where(LoginSession.public_id == public_id, LoginSession.ended_at.is_(None)))
    if login_session is None:
        return None
    now = utcnow()
    if now - login_session.last_seen_at > timedelta(minutes=idle_minutes):
        login_session.ended_at = now
        db.session.commit()
        logins_ended.send(None, public_ids=[public_id], idle=True)
        return None
    user = login_session.user
    if user.is_disabled:
        return None
    # Touch at most once a minute: a write per request would be wasteful.
    if touch and now - login_session.last_seen_at > timedelta(minutes=1):
        login_session.last_seen_at = now
        db.session.commit()
    return login_session


def end_login_session(user, public_id):
    """End one of the user's own login sessions. Raises NotFound for anything else."""
    login_session = db.session.scalar(
        select(LoginSession).where(LoginSession.public_id == public_id, LoginSession.ended_at.is_(None)))
    if login_session is None or not policy.can_end_login_session(user, login_session):
        raise NotFound()
    login_session.ended_at = utcnow()
    db.session.commit()
    logins_ended.send(None, public_ids=[public_id])


def end_other_login_sessions(user, keep_public_id=None):
    """End every live login of the user except `keep_public_id`; return how many ended."""
    query = select(LoginSession.public_id).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    if keep_public_id:
        query = query.where(LoginSession.public_id != keep_public_id)
    public_ids = list(db.session.scalars(query))
    if public_ids:
        db.session.execute(update(LoginSession).where(LoginSession.public_id.in_(public_ids))
                           .values(ended_at=utcnow()))
    db.session.commit()
    if public_ids:
        logins_ended.send(None, public_ids=public_ids)
    return len(public_ids)


def live_login_ids(public_ids, idle_minutes, now=None):
    """Those of `public_ids` that are still live logins: not ended, not idle too long, account enabled."""
    if not public_ids:
        return set()
    now = now or utcnow()
    return set(db.session.scalars(
        select(LoginSession.public_id).join(User, User.id == LoginSession.user_id)
        .where(LoginSession.public_id.in_(list(public_ids)), LoginSession.ended_at.is_(None),
               LoginSession.last_seen_at > now - timedelta(minutes=idle_minutes), User.is_disabled.is_(False))))


def active_login_sessions(user):
    return db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .order_by(LoginSession.last_seen_at.desc())).all()


# --- one's own account ---

def confirm_password(user, password, wrong_message, field):
    """A signed-in person's password confirming a change; wrong ones are counted per account.
    Raises TooManyAttempts, ValidationFailed(wrong_message)."""
    with throttle.attempt((throttle.CONFIRM, user.id)) as tries:
        if not verify_password(user.password_hash, password or ""):
            raise ValidationFailed(wrong_message, field=field)
        tries.succeeded()


def change_password(user, current_password, new_password, keep_public_id=None):
    """Change the password and end every other login. Raises ValidationFailed."""
    confirm_password(user, current_password, _l("Your current password is not right."), "current_password")
    problem = password_problem(new_password, username=user.username, display_name=user.display_name)
    if problem:
        raise ValidationFailed(problem, field="new_password")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    db.session.flush()
    return end_other_login_sessions(user, keep_public_id)


def update_settings(user, *, display_name, real_name, phone, locale):
    """Save the person's own profile and language. Raises ValidationFailed."""
    display_name, real_name, phone = _clean_profile(display_name, real_name, phone)
    if display_name != user.display_name and name_confusable_in(display_name, _groups_of(user), user.id):
        raise ValidationFailed(_l("Someone in one of your groups has a display name that looks the same as "
                                  "this one. Choose a name others can tell apart, for example with an initial."),
                               field="display_name")
    if locale not in ("", None, "en", "nb"):
        raise ValidationFailed(_l("Choose a language from the list."), field="locale")
    user.display_name, user.real_name, user.phone = display_name, real_name, phone
    user.locale = locale or None
    db.session.commit()


def delete_account(actor, user, password, *, delete_messages=False):
    """Delete the account and its personal fields for good; the person's messages stay as from "Deleted
    member" unless `delete_messages`. Raises PermissionDenied, ValidationFailed."""
    if not policy.can_delete_account(actor, user):
        raise PermissionDenied()
    confirm_password(user, password, _l("Your password is not right."), "password")
    if Role.ADMIN in user.roles:
        other_admins = db.session.scalar(
            select(db.func.count()).select_from(UserRole)
            .join(User, User.id == UserRole.user_id)
            .where(UserRole.role == Role.ADMIN, UserRole.user_id != user.id, User.is_disabled.is_(False)))
        if not other_admins:
            raise ValidationFailed(_l("You are the only admin. Make someone else an admin first, "
                                      "so the platform is not left without one."))
    account_deleting.send(user, delete_messages=bool(delete_messages))
    db.session.delete(user)
    db.session.commit()
