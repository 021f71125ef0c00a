"""The live count: once a transaction that changed someone's notifications is committed, their open pages
are told (an empty event to their own room; the page then asks for the count), and this process's sender
is woken for the pushes just queued."""
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import socketio
from ..safelog import describe

_KEY = "notified_user_ids"
EVENT = "notifications_changed"
# Set by the sender greenlet of this process (outbox.start_in_process); called after each such commit.
wake_sender = None


def changed(user_ids):
    """Remember, in the current transaction, whose notifications changed."""
    from ..extensions import db

    db.session.info.setdefault(_KEY, set()).update(user_ids)


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    user_ids = session.info.pop(_KEY, None)
    if not user_ids:
        return
    from ..chat.rooms import user_room  # every socket of one person is in this room (joined on connect)

    try:
        for user_id in user_ids:
            socketio.emit(EVENT, {}, to=user_room(user_id))
    except Exception as error:  # noqa: BLE001  (a page that missed it catches up on its next poll)
        current_app.logger.warning("notification emit failed: %s", describe(error))
    if wake_sender is not None:
        wake_sender()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop(_KEY, None)
