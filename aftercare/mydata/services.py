"""Building a person's export, one at a time per person."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..exceptions import Conflict, PermissionDenied
from ..extensions import db
from ..timeutil import utcnow
from .models import ExportLock
from .registry import collect

# A lock older than this is left over from a crash and is taken over.
STALE_AFTER = timedelta(minutes=5)


def _take_lock(user):
    db.session.execute(delete(ExportLock).where(ExportLock.user_id == user.id,
                                                ExportLock.started_at < utcnow() - STALE_AFTER))
    db.session.add(ExportLock(user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_l("Your data is already being gathered in another window. Wait a moment and try again."))


def _release_lock(user_id):
    db.session.rollback()
    db.session.execute(delete(ExportLock).where(ExportLock.user_id == user_id))
    db.session.commit()


def export(actor, user=None):
    """Everything the platform holds about the person, as a dict. Raises PermissionDenied, Conflict
    (an export for the same person is already running)."""
    user = user or actor
    if not policy.can_export_data(actor, user):
        raise PermissionDenied()
    user_id = user.id
    _take_lock(user)
    try:
        data = collect(user)
    finally:
        _release_lock(user_id)
    return {"exported_at": utcnow().isoformat(), "sections": data}
