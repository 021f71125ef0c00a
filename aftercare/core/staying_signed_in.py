"""Losing nothing to the idle timeout: the warning's timing, the "Stay signed in" POST, and telling the
page which form was just saved (so the text kept in the browser for it is dropped)."""
from datetime import timedelta

from flask import current_app, g, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts.models import LoginSession
from ..extensions import db
from ..navigation import safe_next
from ..timeutil import utcnow
from . import bp

WARN_BEFORE_SECONDS = 120
_SAVED_FORM = "saved_form"


def extend_login_session(public_id, now=None):
    """Restart the idle timeout of a live login session; returns the seconds left (0 if it has ended)."""
    login_session = db.session.scalar(
        select(LoginSession).where(LoginSession.public_id == public_id, LoginSession.ended_at.is_(None)))
    if login_session is None:
        return 0
    login_session.last_seen_at = now or utcnow()
    db.session.commit()
    return idle_seconds_left(login_session.last_seen_at, now)


def idle_seconds_left(seen_at, now=None):
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    return max(0, int((seen_at + idle - (now or utcnow())).total_seconds()))


@bp.route("/session/keep-alive", methods=["POST"])
@login_required
def keep_alive():
    seconds = extend_login_session(g.get("login_session_id"))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(idle_seconds=seconds)
    return redirect(safe_next(request.form.get("next")) or url_for("core.index"))


def _flash_categories():
    return {category for category, _message in session.get("_flashes", ())}


@bp.app_context_processor
def _idle_warning():
    """The seconds until the idle timeout (None when signed out) and the form just saved, if any."""
    seen_at = g.get("login_session_seen_at")
    if seen_at is None or not current_user.is_authenticated:
        return {"idle_seconds_left": None}
    saved = session.pop(_SAVED_FORM, None) if _SAVED_FORM in session else None
    if request.method == "POST" and "success" in _flash_categories() and "error" not in _flash_categories():
        saved = request.path  # saved, and the page is shown again at once (a log's new version)
    return {"idle_seconds_left": idle_seconds_left(seen_at), "idle_warn_seconds": WARN_BEFORE_SECONDS,
            "saved_form": saved}


@bp.after_app_request
def _note_saved_form(response):
    """A signed-in person's form POST that redirects without an error message was saved."""
    if (request.method == "POST" and response.status_code in (302, 303) and current_user.is_authenticated
            and "error" not in _flash_categories()):
        session[_SAVED_FORM] = request.path
    return response
