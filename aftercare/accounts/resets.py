"""Setting a new password through a single-use, expiring link: mailed to a verified address on request
("Forgot your password?"), or made by a coordinator or an admin and handed over in person."""
import secrets
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import select, update

from .. import mail, policy, throttle
from ..audit import record as audit
from ..exceptions import NotFound, ValidationFailed
from ..extensions import db
from ..timeutil import utcnow
from .email import mail_locale
from .models import PasswordReset, User
from .passwords import hash_password, password_problem
from .services import end_other_login_sessions, token_digest

_NOT_VALID = _l("This link for a new password is not valid. Check that you opened all of it, or ask for a new one.")
_USED = _l("This link has already been used or replaced by a newer one. Each link works once; ask for a new one "
           "if you need it.")
_EXPIRED = _l("This link has expired. Ask for a new one.")


def _new_reset(user, lifetime, issued_by=None):
    """A fresh link for the person; their older open links stop working. Flushes only. Returns the token."""
    now = utcnow()
    db.session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                       .values(used_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(token_hash=token_digest(token), user_id=user.id, created_at=now,
                                 issued_by_id=getattr(issued_by, "id", None), expires_at=now + lifetime))
    db.session.flush()
    return token


def _accounts_for(identifier):
    """Enabled accounts whose user name, or verified address, is `identifier`, and that have a verified address."""
    column = User.email if "@" in identifier else User.username
    return db.session.scalars(select(User).where(column == identifier, User.email.is_not(None),
                                                 User.email_verified_at.is_not(None),
                                                 User.is_disabled.is_(False))).all()


def request_reset(identifier, *, address):
    """"Forgot your password?": mail a link to each account whose user name or verified address was typed.
    The outcome is the same whatever was typed (nothing tells whether an account exists, the mail goes out in
    the background) and every request counts against the network address and what was typed.
    Raises NotFound (no e-mail on this site), TooManyAttempts."""
    if not mail.enabled():
        raise NotFound()
    identifier = (identifier or "").strip().lower()[:254]
    with throttle.attempt((throttle.PASSWORD_RESET_ADDRESS, throttle.address_key(address)),
                          (throttle.PASSWORD_RESET_ACCOUNT, identifier or "-")):
        lifetime = timedelta(minutes=current_app.config["PASSWORD_RESET_MINUTES"])
        made = [(user, _new_reset(user, lifetime)) for user in _accounts_for(identifier)] if identifier else []
        db.session.commit()
    for user, token in made:
        with force_locale(mail_locale(user)):
            link = url_for("accounts.reset_password", token=token, _external=True)
            subject = _("A new password for Aftercare")
            body = mail.render("mail/password_reset.txt", link=link, username=user.username,
                                   minutes=current_app.config["PASSWORD_RESET_MINUTES"])
        mail.send(user.email, subject, body, kind="password-reset", user_id=user.id, background=True)


def issue_reset_link(actor, username):
    """A link for a person who cannot get mail, made by a coordinator (participants, time-givers) or an admin
    (anyone), to hand over in person. Recorded in the audit log the person sees. Returns (user, token).
    Raises ValidationFailed when there is no account of that name the actor may help (one answer for both)."""
    username = (username or "").strip().lower()
    user = db.session.scalar(select(User).where(User.username == username)) if username else None
    if user is None or not policy.can_issue_reset_link(actor, user):
        raise ValidationFailed(_l("There is no account with this user name that you can make a link for. "
                                  "An admin helps staff accounts."), field="username")
    token = _new_reset(user, timedelta(hours=current_app.config["PASSWORD_RESET_ISSUED_HOURS"]), issued_by=actor)
    audit("admin.issued_reset" if policy.is_admin(actor) else "coordinator.issued_reset", actor=actor,
          subject_user_id=user.id)
    db.session.commit()
    return user, token


def _check(token):
    reset = None
    if token and len(token) <= 100:
        reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == token_digest(token)))
    if reset is None:
        raise ValidationFailed(_NOT_VALID)
    if reset.used_at is not None:
        raise ValidationFailed(_USED)
    if reset.expires_at <= utcnow():
        raise ValidationFailed(_EXPIRED)
    user = db.session.get(User, reset.user_id)
    if user is None or user.is_disabled:
        raise ValidationFailed(_NOT_VALID)
    return reset, user


def check_reset(token, *, address=None):
    """The person an open link is for. A link that does not work counts against the network address.
    Raises TooManyAttempts (nothing checked), ValidationFailed saying why it cannot be used."""
    with throttle.attempt((throttle.RESET_LINK, throttle.address_key(address))) as tries:
        _reset, user = _check(token)
        tries.succeeded()
    return user


def complete_reset(token, new_password, *, address=None):
    """Set the new password, use the link up and end every login of the person (a second factor is still asked
    for at the next login). Raises TooManyAttempts, ValidationFailed; changes nothing then."""
    with throttle.attempt((throttle.RESET_LINK, throttle.address_key(address))) as tries:
        reset, user = _check(token)
        tries.succeeded()
    problem = password_problem(new_password, username=user.username, display_name=user.display_name)
    if problem:
        raise ValidationFailed(problem, field="new_password")
    now = utcnow()
    claimed = db.session.execute(update(PasswordReset).where(
        PasswordReset.id == reset.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(used_at=now)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise ValidationFailed(_USED)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    db.session.flush()
    end_other_login_sessions(user)  # commits
    return user

