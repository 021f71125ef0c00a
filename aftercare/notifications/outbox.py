"""The sender: claims due pushes from the outbox, holds back those that fall in the person's quiet hours,
and records each outcome. Any number of senders may run (a greenlet in each app process, `flask
send-notifications` as a unit of its own); rows are claimed so that two never take the same one, and an
attempt once begun is never made again, so a device gets each notification at most once. A sender killed
mid-batch leaves its untried rows to the others once its claim runs out."""
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update

from ..extensions import db, socketio
from ..safelog import describe
from ..timeutil import utcnow
from . import kinds, live, push
from .choices import choices_of, wants_push
from .models import Delivery, DeliveryState, PushSubscription
from .quiet import is_paused, quiet_ends

BATCH = 20
MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY = timedelta(hours=6)


def worker_name():
    return f"{socket.gethostname()[:20]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _claim_seconds():
    return timedelta(seconds=current_app.config.get("NOTIFICATION_CLAIM_SECONDS", 120))


def retry_delay(attempts):
    """30 s, 1 min, 2 min, … doubling up to six hours."""
    return min(timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def claim(worker, now=None, limit=BATCH):
    """Claim up to `limit` due rows for `worker` and return their ids. PostgreSQL skips rows another
    sender has locked; on SQLite the claiming UPDATE re-checks that nobody holds the row."""
    now = now or utcnow()
    free = or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now)
    due = (select(Delivery.id).where(Delivery.state == DeliveryState.PENDING, Delivery.due_at <= now, free)
           .order_by(Delivery.due_at, Delivery.id).limit(limit))
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(due))
    if ids:
        db.session.execute(update(Delivery).where(Delivery.id.in_(ids), Delivery.state == DeliveryState.PENDING,
                                                  free)
                           .values(claimed_by=worker, claimed_until=now + _claim_seconds())
                           .execution_options(synchronize_session=False))
    db.session.commit()
    if not ids:
        return []
    return list(db.session.scalars(select(Delivery.id).where(Delivery.id.in_(ids), Delivery.claimed_by == worker)
                                   .order_by(Delivery.due_at, Delivery.id)))


def abandon_interrupted(now=None):
    """Attempts begun by a sender that died before recording the outcome: the push may have gone out, so
    it is not made again."""
    now = now or utcnow()
    count = db.session.execute(update(Delivery).where(Delivery.state == DeliveryState.SENDING,
                                                      Delivery.claimed_until < now)
                               .values(state=DeliveryState.FAILED, last_error="interrupted", claimed_by=None,
                                       claimed_until=None)
                               .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return count


def _release(delivery, state=DeliveryState.PENDING, **values):
    delivery.state, delivery.claimed_by, delivery.claimed_until = state, None, None
    for key, value in values.items():
        setattr(delivery, key, value)


def deliver(delivery_id, worker, now=None):
    """Make the one attempt of a claimed row, or hold it back; returns the row's state afterwards."""
    now = now or utcnow()
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None or delivery.state != DeliveryState.PENDING or delivery.claimed_by != worker:
        db.session.rollback()
        return None
    notification = delivery.notification
    choices = choices_of(push.notification_user(notification))
    kind = kinds.get(notification.kind)
    if is_paused(now, choices.paused_until) or (kind is not None and not wants_push(choices, kind.category)):
        _release(delivery, DeliveryState.SKIPPED)
        db.session.commit()
        return delivery.state
    allowed = quiet_ends(now, choices.quiet_from, choices.quiet_until, choices.time_zone)
    if allowed > now:
        _release(delivery, due_at=allowed)
        db.session.commit()
        return delivery.state
    begun = db.session.execute(update(Delivery).where(Delivery.id == delivery.id,
                                                      Delivery.state == DeliveryState.PENDING,
                                                      Delivery.claimed_by == worker)
                               .values(state=DeliveryState.SENDING, attempts=Delivery.attempts + 1,
                                       claimed_until=now + _claim_seconds())
                               .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if begun != 1:
        return None
    outcome, error = push.send(delivery)
    db.session.refresh(delivery)
    if outcome == push.Outcome.SENT:
        _release(delivery, DeliveryState.SENT, sent_at=utcnow(), last_error="")
    elif outcome == push.Outcome.GONE:
        subscription_id = delivery.subscription_id
        db.session.execute(delete(Delivery).where(Delivery.subscription_id == subscription_id))
        db.session.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))
        db.session.commit()
        current_app.logger.info("push subscription %s gone (%s): removed", subscription_id, error)
        return "gone"
    elif outcome == push.Outcome.RETRY and delivery.attempts < MAX_ATTEMPTS:
        _release(delivery, due_at=utcnow() + retry_delay(delivery.attempts), last_error=error[:80])
    else:
        _release(delivery, DeliveryState.FAILED, last_error=error[:80])
    db.session.commit()
    if delivery.state != DeliveryState.SENT:
        current_app.logger.warning("push %s to device %s: %s (%s)", delivery.notification_id,
                                   delivery.subscription_id, delivery.state, error)
    return delivery.state


def run_once(worker, pause=None):
    """One round: let go of interrupted attempts, then deliver every row claimable now; returns how many
    rows were handled."""
    abandon_interrupted()
    handled = 0
    while True:
        ids = claim(worker)
        if not ids:
            return handled
        for delivery_id in ids:
            deliver(delivery_id, worker)
            handled += 1
            if pause is not None:
                pause()


def run(app, wait, stop=None):
    """Deliver until `stop()` is true; `wait(seconds)` sleeps between rounds (and may be woken early)."""
    worker = worker_name()
    interval = app.config.get("NOTIFICATION_SEND_SECONDS", 5)
    while stop is None or not stop():
        with app.app_context():
            try:
                run_once(worker, pause=lambda: socketio.sleep(0))
            except Exception as error:  # noqa: BLE001  (keep sending; the next round tries again)
                current_app.logger.error("notification sender failed: %s", describe(error))
                db.session.rollback()
            finally:
                db.session.remove()
        wait(interval)


_started = False


def start_in_process(app):
    """Start this process's sender greenlet once (not in tests, not without VAPID keys, not when a
    separate `flask send-notifications` unit does the sending)."""
    global _started
    config = app.config
    if _started or app.testing or not config.get("NOTIFICATION_SENDER_IN_PROCESS", True) \
            or not (config.get("VAPID_PRIVATE_KEY") and config.get("VAPID_PUBLIC_KEY")):
        return
    _started = True
    woken = threading.Event()

    def wait(seconds):
        woken.wait(seconds)
        woken.clear()

    live.wake_sender = woken.set
    socketio.start_background_task(run, app, wait)


def run_in_foreground(app, once=False):
    """`flask send-notifications`: one round, or rounds every few seconds until stopped."""
    if once:
        with app.app_context():
            return run_once(worker_name())
    run(app, time.sleep)
