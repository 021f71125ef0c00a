"""Building a person's export, one at a time per person."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..exceptions import Conflict, NotFound, PermissionDenied
from ..extensions import db
from ..timeutil import utcnow
from .models import ExportLock
from ..exports import collect, collect_section, section_names

# The longest list of a section shown at once on the page (a heavy user wrote thousands of messages).
PAGE_SIZE = 100
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


def sections(actor, user=None):
    """The names of the sections of the person's data, in order; nothing is loaded. Raises PermissionDenied."""
    if not policy.can_export_data(actor, user or actor):
        raise PermissionDenied()
    return section_names()


def section_page(actor, name, page=1, user=None):
    """One section of the person's data with each of its lists cut to page `page` (PAGE_SIZE items, oldest
    first), and the number of pages of its longest list: (value, page, pages). Reading one section takes no
    lock. Raises PermissionDenied, NotFound (no such section or page)."""
    user = user or actor
    if not policy.can_export_data(actor, user):
        raise PermissionDenied()
    value = collect_section(name, user)
    if value is None:
        raise NotFound()
    lists = [len(item) for item in (value.values() if isinstance(value, dict) else [value]) if isinstance(item, list)]
    pages = max([1] + [-(-length // PAGE_SIZE) for length in lists])
    if not 1 <= page <= pages:
        raise NotFound()
    window = slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    if isinstance(value, list):
        value = value[window]
    elif isinstance(value, dict):
        value = {key: item[window] if isinstance(item, list) else item for key, item in value.items()}
    return value, page, pages
