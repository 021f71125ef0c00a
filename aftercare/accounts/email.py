"""A person's optional e-mail address: adding it, verifying it by a signed link, what it is used for; and
mailing an invitation link (the address typed for that is not kept)."""
import hashlib
import hmac
import re

from flask import current_app, url_for
from flask_babel import force_locale, get_locale, gettext as _, lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .. import mail, policy, throttle
from ..exceptions import NotFound, PermissionDenied, ValidationFailed
from ..extensions import db
from ..timeutil import utcnow
from .models import User

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s.][^@\s]*\.[^@\s.]{2,}$")
_LINK_NOT_VALID = _l("This link is not valid. Check that you opened all of it, or ask for a new one in your "
                     "account settings.")


def clean_address(address, field="email"):
    """The address as stored (trimmed, lower-case). Raises ValidationFailed when it is not an address."""
    address = (address or "").strip().lower()
    if len(address) > 254 or not EMAIL_RE.match(address):
        raise ValidationFailed(_l("Write the whole e-mail address, for example name@example.no."), field=field)
    return address


def mail_locale(user):
    """The language of mail to this person: their chosen one, else the one they used when adding the address."""
    languages = current_app.config["LANGUAGES"]
    for locale in (user.locale, user.email_locale):
        if locale in languages:
            return locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _require_mail():
    if not mail.enabled():
        raise NotFound()


# --- the person's own address ---

def _serializer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="email-verification")


def _fingerprint(address):
    """Stands for the address in the link: a signed link's payload is readable, and links end up in access logs."""
    return hmac.new(current_app.secret_key.encode("utf-8"), address.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def save_email_settings(user, *, address, digest, locale=None):
    """Save the person's address and whether they want the daily digest. A new address is unverified until the
    link mailed to it is followed; an empty one removes the address (and the digest with it). Returns True
    when a verification mail was sent. Raises NotFound (no e-mail on this site), ValidationFailed,
    TooManyAttempts (verification mails per person)."""
    _require_mail()
    address = (address or "").strip()
    if not address:
        user.email, user.email_verified_at, user.email_digest = None, None, False
        db.session.commit()
        return False
    address = clean_address(address)
    changed = address != user.email
    if changed:
        with throttle.attempt((throttle.VERIFY_MAIL, user.id)):
            pass
        user.email, user.email_verified_at = address, None
        user.email_locale = locale if locale in current_app.config["LANGUAGES"] else None
    user.email_digest = bool(digest)
    db.session.commit()
    if changed:
        _send_verification(user)
    return changed


def resend_verification(user):
    """Mail the verification link again. Raises NotFound (no e-mail, nothing to verify), TooManyAttempts."""
    _require_mail()
    if not user.email or user.email_verified_at is not None:
        raise NotFound()
    with throttle.attempt((throttle.VERIFY_MAIL, user.id)):
        pass
    _send_verification(user)


def _send_verification(user):
    hours = current_app.config["EMAIL_VERIFY_HOURS"]
    with force_locale(mail_locale(user)):
        link = url_for("accounts.verify_email", token=_serializer().dumps([user.id, _fingerprint(user.email)]), _external=True)
        subject = _("Confirm your e-mail address for Aftercare")
        body = mail.render("mail/verify_email.txt", link=link, hours=hours)
    mail.send(user.email, subject, body, kind="verify-email", user_id=user.id)


def check_verification(token):
    """The person whose address this link confirms. Raises ValidationFailed saying why it cannot be used:
    not valid, expired, or already used (the address is confirmed, or was changed since)."""
    try:
        user_id, fingerprint = _serializer().loads(token or "", max_age=current_app.config["EMAIL_VERIFY_HOURS"] * 3600)
    except SignatureExpired:
        raise ValidationFailed(_l("This link has expired. Ask for a new one in your account settings."))
    except (BadSignature, ValueError, TypeError):
        raise ValidationFailed(_LINK_NOT_VALID)
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.is_disabled or not user.email or \
            not hmac.compare_digest(_fingerprint(user.email), str(fingerprint)):
        raise ValidationFailed(_LINK_NOT_VALID)
    if user.email_verified_at is not None:
        raise ValidationFailed(_l("This address is already confirmed. Each link works once."))
    return user


def confirm_email(token):
    """Mark the address as verified. Raises ValidationFailed (see check_verification)."""
    user = check_verification(token)
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


# --- invitations by e-mail ---

def _mail_link(address, locale, template, subject, link_endpoint, token, kind, **context):
    """Mail one link to an address typed for it; the address goes nowhere else. Raises ValidationFailed."""
    address = clean_address(address)
    with force_locale(locale if locale in current_app.config["LANGUAGES"] else str(get_locale())):
        link = url_for(link_endpoint, token=token, _external=True)
        body = mail.render(template, link=link, **context)
        subject = str(subject)
    if not mail.send(address, subject, body, kind=kind, user_id=None):
        raise ValidationFailed(_l("The e-mail could not be sent just now. Copy the link and give it to the "
                                  "person another way, or try again later."))


def send_invitation(actor, token, address, locale):
    """Mail the registration link of an open invitation the actor made; the address is used for this mail
    only and kept nowhere. Raises NotFound (no e-mail, not the actor's invitation), PermissionDenied,
    ValidationFailed (invitation no longer open, bad address, the mail could not be sent)."""
    _require_mail()
    if not policy.can_create_invitation(actor):
        raise PermissionDenied()
    from .services import check_invitation

    invitation = check_invitation(token)
    if invitation.created_by_id != actor.id:
        raise NotFound()
    _mail_link(address, locale, "mail/invitation.txt", _l("You are invited to Aftercare"), "accounts.register",
               token, "invitation", expires_at=invitation.expires_at)
    return invitation


def send_group_invitation(actor, token, address, locale):
    """Mail a group's invitation link the actor made as its leader. The mail does not name the group: whoever
    sees it learns only that someone was invited to a group. Raises NotFound (no e-mail, not the actor's link),
    ValidationFailed (link no longer open, bad address, the mail could not be sent)."""
    _require_mail()
    from ..groups.services import check_group_invitation

    invitation = check_group_invitation(token)
    if invitation.created_by_id != actor.id or not policy.can_manage_members(actor, invitation.group):
        raise NotFound()
    _mail_link(address, locale, "mail/group_invitation.txt", _l("You are invited to a group in Aftercare"),
               "groups.join", token, "group-invitation", expires_at=invitation.expires_at)
    return invitation
