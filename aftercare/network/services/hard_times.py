"""When it gets hard: the few people from her map she would reach out to, and the words she wrote for
them. The platform sends nothing and contacts nobody: she sends the message herself, from her phone."""
from urllib.parse import quote

from sqlalchemy import select

from ...extensions import db
from ...timeutil import utcnow
from ..models import HardTimesMessage, NetworkEntry
from .common import require_tools, text
from .entries import set_callers

MESSAGE_LIMIT = 600


def hard_times(user):
    """(her message or "", the entries she marked as someone to call). Raises NotFound."""
    require_tools(user)
    row = db.session.scalar(select(HardTimesMessage).where(HardTimesMessage.owner_id == user.id))
    callers = db.session.scalars(select(NetworkEntry).where(NetworkEntry.owner_id == user.id,
                                                            NetworkEntry.can_call.is_(True))
                                 .order_by(NetworkEntry.id)).all()
    return (row.message or "") if row else "", callers


def save_hard_times(user, message, caller_ids):
    """Her words and whom they are for (entries of hers; other numbers are ignored). Raises NotFound,
    ValidationFailed."""
    require_tools(user)
    message = text(message, MESSAGE_LIMIT, "message")
    now = utcnow()
    row = db.session.scalar(select(HardTimesMessage).where(HardTimesMessage.owner_id == user.id))
    if row is None:
        row = HardTimesMessage(owner_id=user.id)
        db.session.add(row)
    row.message, row.updated_at = message, now
    set_callers(user, caller_ids, now)
    db.session.commit()
    return row


def sms_link(message):
    """An sms: address that opens her own messaging app with the words filled in; she picks the person."""
    return "sms:?&body=" + quote(message or "", safe="")
