"""Two-factor sign-in: TOTP (RFC 6238) enrolment, checking codes with replay protection, recovery codes."""
import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update

from .. import policy, throttle
from ..exceptions import PermissionDenied, ValidationFailed
from ..extensions import db
from ..timeutil import utcnow
from .devices import device_key
from .models import RecoveryCode, User
from .passwords import verify_password

ISSUER = "Aftercare"
STEP_SECONDS = 30
VALID_WINDOW = 1  # accept the previous and the next time step too: phone clocks drift
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed by hand


# --- codes ---

def _totp(secret):
    return pyotp.TOTP(secret, interval=STEP_SECONDS)


def current_step(now=None):
    return int((time.time() if now is None else now) // STEP_SECONDS)


def grouped_key(secret):
    """The key in groups of four characters, for typing into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user, secret):
    return _totp(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_data_uri(user, secret):
    """The provisioning link as an SVG QR code in a data: URI (the CSP allows data: images)."""
    return segno.make(provisioning_uri(user, secret), error="m").svg_data_uri(scale=5, border=2)


def _normalise_totp(code):
    return "".join((code or "").split()).replace("-", "")


def _matching_step(secret, code, now=None):
    """The time step (within the window) whose code equals `code`, or None."""
    code = _normalise_totp(code)
    if len(code) != 6 or not code.isdigit():
        return None
    step = current_step(now)
    totp = _totp(secret)
    for candidate in range(step - VALID_WINDOW, step + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _hash_recovery_code(code, salt=None):
    salt = salt or secrets.token_hex(8)
    digest = hashlib.sha256((salt + ":" + code).encode("utf-8")).hexdigest()
    return f"{salt}${digest}"


def _normalise_recovery(code):
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _recovery_matches(stored, code):
    salt, _, _digest = stored.partition("$")
    return hmac.compare_digest(_hash_recovery_code(code, salt), stored)


def _new_recovery_codes(user):
    """Replace the user's recovery codes with fresh ones; returns the plain codes (shown once)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(raw)))
    return codes


# --- enrolment ---

def new_secret():
    """A key to offer on the enrolment page. Nothing is stored: the page keeps it, sealed, in this browser's
    session, and confirm_enrolment stores it once the person shows a code made from it."""
    return pyotp.random_base32()


def confirm_enrolment(user, secret, code, now=None):
    """Turn two-factor sign-in on with `secret`, the key the person was shown, once they prove their app
    makes the right codes from it; the code's time step counts as used (replay protection).

    Returns the new recovery codes (to show once). Raises ValidationFailed for a wrong code, a missing
    key or two-factor sign-in already on; nothing is changed then.
    """
    if user.has_two_factor:
        raise ValidationFailed(_l("Two-factor sign-in is already on."))
    if not secret:
        raise ValidationFailed(_l("Start again: open the page to set up two-factor sign-in."))
    step = _matching_step(secret, code, now)
    if step is None:
        raise ValidationFailed(_l("That code is not right. Check the time on your phone and type the code "
                                  "your app shows now."), field="code")
    # A conditional update, so two confirmations sent at once cannot both turn it on with their own codes.
    turned_on = db.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_enabled_at.is_(None), User.totp_secret.is_(None)))
        .values(totp_secret=secret, totp_enabled_at=utcnow(), totp_last_step=step)
    ).rowcount
    if turned_on != 1:
        db.session.rollback()
        raise ValidationFailed(_l("Two-factor sign-in is already on."))
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def _check_password_and_code(user, password, code):
    with throttle.attempt((throttle.CONFIRM, user.id)) as tries:
        if not verify_password(user.password_hash, password or ""):
            raise ValidationFailed(_l("Your password is not right."), field="password")
        check_code(user, code)
        tries.succeeded()


def turn_off(user, password, code):
    """Turn two-factor sign-in off. Raises PermissionDenied when it is required, ValidationFailed."""
    if not policy.can_turn_off_two_factor(user):
        raise PermissionDenied(_l("Two-factor sign-in is required for your account kind."))
    if not user.has_two_factor:
        return
    _check_password_and_code(user, password, code)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.commit()


def regenerate_recovery_codes(user, password, code):
    """Replace all recovery codes; the old ones stop working. Returns the new ones. Raises ValidationFailed."""
    if not user.has_two_factor:
        raise ValidationFailed(_l("Set up two-factor sign-in first."))
    _check_password_and_code(user, password, code)
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def reset_by_admin(actor, user):
    """Remove someone's two-factor sign-in (they lost their phone and codes) and log them out everywhere;
    a person who must use it sets it up again at the next login. Raises PermissionDenied."""
    from .services import end_other_login_sessions

    if not policy.can_reset_two_factor(actor, user):
        raise PermissionDenied()
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    end_other_login_sessions(user)  # commits


def unused_recovery_code_count(user):
    return db.session.scalar(select(db.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


# --- signing in ---

def check_login_code(user, code, *, address, device=None):
    """check_code at the second step of logging in: a try is reserved first against the address and the
    account (this browser's own count if it has logged in to the account before) and given back when the
    code is right. Raises TooManyAttempts (nothing checked), ValidationFailed."""
    trusted = device_key(device, user.id)
    account = (throttle.LOGIN_CODE_DEVICE, trusted) if trusted else (throttle.LOGIN_CODE, user.id)
    with throttle.attempt((throttle.LOGIN_ADDRESS, throttle.address_key(address)), account) as tries:
        kind = check_code(user, code)
        tries.succeeded()
    return kind


def check_code(user, code, now=None):
    """Accept an authenticator code or an unused recovery code; returns "app" or "recovery".

    A code from a time step already used (or older) is refused, so an overheard code cannot be
    replayed. Raises ValidationFailed saying what was wrong; nothing is changed then.
    """
    if not user.has_two_factor:
        raise ValidationFailed(_l("Two-factor sign-in is not set up for this account."))
    if len(_normalise_totp(code)) == 6:
        step = _matching_step(user.totp_secret, code, now)
        if step is None:
            raise ValidationFailed(_l("That code is not right. Type the code your app shows now."), field="code")
        # A conditional update, so two requests with the same code cannot both win.
        claimed = db.session.execute(
            update(User).where(User.id == user.id,
                               or_(User.totp_last_step.is_(None), User.totp_last_step < step))
            .values(totp_last_step=step)).rowcount
        if claimed != 1:
            db.session.rollback()
            raise ValidationFailed(_l("This code was already used. Wait for the next one in your app."),
                                   field="code")
        db.session.commit()
        return "app"
    raw = _normalise_recovery(code)
    if len(raw) == 10:
        for row in db.session.scalars(select(RecoveryCode).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))):
            if _recovery_matches(row.code_hash, raw):
                used = db.session.execute(
                    update(RecoveryCode).where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
                    .values(used_at=utcnow())).rowcount
                if used == 1:
                    db.session.commit()
                    return "recovery"
                db.session.rollback()
                break
    raise ValidationFailed(_l("That code is not right. Type the 6 digits from your app, or one of your "
                              "recovery codes (each works once)."), field="code")


def pending_user(user_id):
    """The person waiting at the second step, if they may still sign in."""
    user = db.session.get(User, user_id) if user_id else None
    if user is None or user.is_disabled or not user.has_two_factor:
        return None
    return user
