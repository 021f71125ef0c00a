"""Referral services: making one, redeeming it, the owner's choices, the coordinator's reading."""
import re
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit, policy, throttle
from ..accounts import services as accounts
from ..accounts.models import Invitation, Role
from ..exceptions import NotFound, PermissionDenied, ValidationFailed
from ..extensions import db
from ..signals import account_deleting, invitation_redeemed
from ..timeutil import utcnow
from .models import Referral

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and to type from paper.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10
DAYS = 30
NOTE_MAX = 1000
WANTS = ("", "group", "time_giver", "either")

BAD_CODE = _l("This referral code is not valid. Check each character, or ask the person who gave it to you "
              "for a new one.")
USED = _l("This referral has already been used. Each referral works once; ask for a new one if you need it.")
EXPIRED = _l("This referral has expired. Ask the person who gave it to you for a new one.")


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(raw):
    """The code as stored (upper-case, no spaces or dashes), or None if it cannot be a code."""
    code = re.sub(r"[\s-]", "", (raw or "")[:40]).upper()
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def grouped(code):
    return f"{code[:5]}-{code[5:]}"


def create_referral(actor, *, note="", wants=""):
    """Make a referral and return (referral, code); the code is shown once. Raises PermissionDenied,
    ValidationFailed."""
    if not policy.can_create_referral(actor):
        raise PermissionDenied(_l("Only a verified professional can make referrals."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(_l("Keep the note to %(num)d characters.", num=NOTE_MAX), field="note")
    if wants not in WANTS:
        raise ValidationFailed(_l("Choose from the list."), field="wants")
    code = new_code()
    invitation = Invitation(token_hash=accounts.token_digest(code), roles_csv=Role.PARTICIPANT.value,
                            label="referral", created_by_id=actor.id,
                            expires_at=utcnow() + timedelta(days=DAYS))
    referral = Referral(invitation=invitation, created_by_id=actor.id, note=note or None, wants=wants)
    db.session.add(referral)
    db.session.commit()
    return referral, grouped(code)


def referrals_made_by(actor):
    """The professional's own referrals as (referral, status) — nothing about who used them.
    Raises PermissionDenied."""
    if not policy.can_create_referral(actor):
        raise PermissionDenied()
    rows = db.session.scalars(select(Referral).where(Referral.created_by_id == actor.id)
                              .order_by(Referral.created_at.desc())).all()
    now = utcnow()
    return [(row, row.status_for_referrer(now)) for row in rows]


def open_code(raw, *, address=None):
    """check_code, counting a wrong code against the address (with wrong invitation links: a referral
    code is an invitation). Raises TooManyAttempts (nothing checked), ValidationFailed."""
    with throttle.attempt((throttle.REFERRAL_CODE, throttle.address_key(address))) as tries:
        found = check_code(raw)
        tries.succeeded()
    return found


def check_code(raw):
    """Return (referral, normalised code) for a redeemable code. Raises ValidationFailed saying why not."""
    code = normalise(raw)
    referral = None
    if code:
        referral = db.session.scalar(select(Referral).join(Invitation, Referral.invitation_id == Invitation.id)
                                     .where(Invitation.token_hash == accounts.token_digest(code)))
    if referral is None:
        raise ValidationFailed(BAD_CODE, field="code")
    status = referral.invitation.status()
    if status == "used":
        raise ValidationFailed(USED, field="code")
    if status != "open":
        raise ValidationFailed(EXPIRED, field="code")
    return referral, code


def redeem(raw_code, *, address=None, **profile):
    """Create the person's own account with the referral, which then belongs to them: the one registration
    service, as for any invitation (`_hand_over` records the owner). Raises TooManyAttempts,
    ValidationFailed (nothing stored then)."""
    _referral, code = open_code(raw_code, address=address)
    try:
        return accounts.register(code, address=address, **profile)
    except throttle.TooManyAttempts:
        raise
    except ValidationFailed as error:
        if error.field is None:  # the invitation itself: say it in referral words
            raise ValidationFailed(USED, field="code")
        raise


@invitation_redeemed.connect
def _hand_over(user, invitation, **_):
    """Whichever address the code was used in, a referral's invitation makes the new person its owner."""
    referral = db.session.scalar(select(Referral).where(Referral.invitation_id == invitation.id))
    if referral is not None:
        referral.owner_id = user.id


def owned_referral(actor):
    """The referral the person redeemed, or None."""
    if not policy.is_signed_in(actor):
        return None
    return db.session.scalar(select(Referral).where(Referral.owner_id == actor.id))


def _own(actor, referral_id):
    referral = db.session.get(Referral, referral_id) if referral_id else None
    if not policy.can_own_referral(actor, referral):
        raise NotFound()
    return referral


def set_tell_referrer(actor, referral_id, tell):
    """The owner chooses whether their referrer sees that they started. Raises NotFound."""
    referral = _own(actor, referral_id)
    referral.tell_referrer = bool(tell)
    db.session.commit()
    return referral


def delete_note(actor, referral_id):
    """The owner deletes the note and wishes on their referral. Raises NotFound."""
    referral = _own(actor, referral_id)
    referral.note = None
    referral.wants = ""
    db.session.commit()
    return referral


def notes_for_coordinator(actor):
    """Redeemed referrals whose note is still there, newest first (names only; the note opens separately).
    Raises PermissionDenied."""
    if not policy.can_list_referral_notes(actor):
        raise PermissionDenied()
    return db.session.scalars(select(Referral).where(Referral.owner_id.is_not(None), Referral.note.is_not(None),
                                                     Referral.owner_id != actor.id)
                              .order_by(Referral.created_at.desc())).all()


def open_note(actor, referral_id):
    """A coordinator reads a note; the owner sees it in their log. Raises NotFound."""
    referral = db.session.get(Referral, referral_id)
    if not policy.can_read_referral_note(actor, referral):
        raise NotFound()
    audit.record("coordinator.opened_referral", actor=actor, subject_user_id=referral.owner_id,
                 params={"referral": referral.id}, commit=True)
    return referral


def owner_of(referral):
    from ..accounts.models import User

    return db.session.get(User, referral.owner_id) if referral.owner_id else None


def export_section(user):
    referral = db.session.scalar(select(Referral).where(Referral.owner_id == user.id))
    if referral is None:
        return {"redeemed": None}
    return {"redeemed": {"note": referral.note, "wants": referral.wants or None,
                         "let_referrer_know": referral.tell_referrer,
                         "created_at": referral.created_at.isoformat()}}


def purge_expired_notes(now=None):
    """Notes of referrals nobody redeemed in time are not kept: return how many were cleared."""
    now = now or utcnow()
    expired = select(Invitation.id).where(Invitation.expires_at <= now, Invitation.used_at.is_(None))
    rows = db.session.scalars(select(Referral).where(Referral.owner_id.is_(None), Referral.note.is_not(None),
                                                     Referral.invitation_id.in_(expired))).all()
    for referral in rows:
        referral.note, referral.wants = None, ""
    db.session.commit()
    return len(rows)


@account_deleting.connect
def _forget_owner(user, **_):
    """The owner leaves: their note goes with them; the referral reads 'used' only if they had said so."""
    for referral in db.session.scalars(select(Referral).where(Referral.owner_id == user.id)):
        referral.note = None
        referral.wants = ""
