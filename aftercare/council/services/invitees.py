"""The people she invites: from her map (entries marked "could invite") or by a first name; the
coordinator's checklist; the single-use, expiring links through which they answer without an account."""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ... import policy
from ...exceptions import NotFound, ValidationFailed
from ...extensions import db
from ...network.models import NetworkEntry
from ...timeutil import utcnow
from ..models import ANSWERS, INVITEE_ROLES, CouncilInvitee
from .common import digest, require_coordinator, require_owner, tell, text

LINK_DAYS = 21


class LinkRefused(Exception):
    """The link was used already or has expired (`reason` says which); nothing is shown."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def invitable_entries(user, council):
    """Her map's entries marked "could invite", not invited to this council yet."""
    taken = {invitee.entry_id for invitee in council.invitees}
    entries = db.session.scalars(select(NetworkEntry).where(
        NetworkEntry.owner_id == user.id, NetworkEntry.council_invitee.is_(True)).order_by(NetworkEntry.id)).all()
    return [entry for entry in entries if entry.id not in taken]


def add_invitee(user, council_id, entry_id=None, name=None):
    """Invite someone from her map, or by the first name she types. Raises NotFound, ValidationFailed."""
    council = require_owner(user, council_id)
    if entry_id:
        entry = db.session.get(NetworkEntry, entry_id) if isinstance(entry_id, int) else None
        if entry is None or not policy.can_use_network_item(user, entry) or not entry.council_invitee:
            raise ValidationFailed(_l("Please choose one of the people in the list."), field="entry_id")
        if any(invitee.entry_id == entry.id for invitee in council.invitees):
            raise ValidationFailed(_l("This person is invited already."), field="entry_id")
        name = entry.name or _l("Someone")
    else:
        name = text(name, 60, "name", required=True, message=_l("Write a first name or a nickname."))
    invitee = CouncilInvitee(entry_id=entry.id if entry_id else None, name=str(name))
    council.invitees.append(invitee)
    db.session.commit()
    return invitee


def _own_invitee(council, invitee_id):
    invitee = next((i for i in council.invitees if i.id == invitee_id), None)
    if invitee is None:
        raise NotFound()
    return invitee


def update_invitee(user, council_id, invitee_id, contact, role):
    """Her contact details for the coordinator (this council only), and the chair or minute-taker.
    Raises NotFound, ValidationFailed."""
    council = require_owner(user, council_id)
    invitee = _own_invitee(council, invitee_id)
    if role not in (None, "", *INVITEE_ROLES):
        raise ValidationFailed(_l("Please choose one of the options."), field="role")
    invitee.contact = text(contact, 200, "contact")
    if role:
        for other in council.invitees:
            if other.role == role:
                other.role = None
    invitee.role = role or None
    db.session.commit()


def remove_invitee(user, council_id, invitee_id):
    """Raises NotFound, ValidationFailed."""
    council = require_owner(user, council_id)
    invitee = _own_invitee(council, invitee_id)
    for line in council.lines:
        if line.invitee_id == invitee.id:
            raise ValidationFailed(_l("This person has lines in the plan. Give the lines to someone else first."))
    council.invitees.remove(invitee)
    db.session.commit()


def update_checklist(user, council_id, invitee_id, contacted, visited, answer):
    """The coordinator's checklist for one invitee; an answer given by phone is written down here.
    Raises NotFound, ValidationFailed."""
    council = require_coordinator(user, council_id)
    invitee = _own_invitee(council, invitee_id)
    if answer not in (None, "", *ANSWERS):
        raise ValidationFailed(_l("Please choose one of the options."), field="answer")
    now = utcnow()
    invitee.contacted_at = (invitee.contacted_at or now) if contacted else None
    invitee.visited_at = (invitee.visited_at or now) if visited else None
    if (answer or None) != invitee.answer:
        invitee.answer, invitee.answered_at, invitee.answer_recorded = answer or None, now if answer else None, True
    db.session.commit()


def make_link(user, council_id, invitee_id, *, as_coordinator=False):
    """A new link for one invitee, shown once; it ends any earlier link and the browser that used it.
    Returns the token. Raises NotFound."""
    council = require_coordinator(user, council_id) if as_coordinator else require_owner(user, council_id)
    invitee = _own_invitee(council, invitee_id)
    token = secrets.token_urlsafe(24)
    days = current_app.config.get("COUNCIL_LINK_DAYS", LINK_DAYS)
    invitee.link_hash, invitee.link_expires_at = digest(token), utcnow() + timedelta(days=days)
    invitee.link_used_at = invitee.access_hash = None
    db.session.commit()
    return token


def invitee_by_link(token):
    """The invitee whose link this is, while their council runs. Raises NotFound (no such link, or the
    council ended) or LinkRefused (used or expired)."""
    invitee = db.session.scalar(select(CouncilInvitee).where(CouncilInvitee.link_hash == digest(token or "")))
    if invitee is None or not policy.can_open_invitation(invitee):
        raise NotFound()
    if invitee.link_used_at is not None:
        raise LinkRefused("used")
    if invitee.link_expires_at is None or invitee.link_expires_at <= utcnow():
        raise LinkRefused("expired")
    return invitee


def open_link(token):
    """Use the link: from now on it opens nothing, and this browser holds the returned access key."""
    invitee = invitee_by_link(token)
    key = secrets.token_urlsafe(24)
    invitee.link_used_at, invitee.access_hash = utcnow(), digest(key)
    db.session.commit()
    return invitee, key


def invitee_by_access(invitee_id, key):
    """The invitee this browser opened a link for, while the council runs. Raises NotFound."""
    invitee = db.session.get(CouncilInvitee, invitee_id) if isinstance(invitee_id, int) else None
    if (invitee is None or not key or invitee.access_hash is None or invitee.access_hash != digest(key)
            or not policy.can_open_invitation(invitee)):
        raise NotFound()
    return invitee


def answer(invitee, value):
    """The invitee's own answer through their link; she and the coordinator are told someone answered.
    Raises ValidationFailed."""
    if value not in ANSWERS:
        raise ValidationFailed(_l("Please choose one of the options."), field="answer")
    invitee.answer, invitee.answered_at, invitee.answer_recorded = value, utcnow(), False
    council = invitee.council
    tell([council.owner_id], "council_invitee_answered", council, f"/council/{council.id}/invitees")
    if council.agreed:
        tell([council.coordinator_id], "council_invitee_answered", council, f"/council/coordinate/{council.id}")
    db.session.commit()
