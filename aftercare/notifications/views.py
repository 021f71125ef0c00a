"""The notification list, opening and dismissing one, the live count, the choices page and turning
pushes on or off for a browser. Reading never writes: opening, dismissing and "mark all read" are POSTs."""
from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..forms import EmptyForm
from ..exceptions import NotFound, ValidationFailed
from ..forms import show_service_error
from ..navigation import safe_next
from ..security import current_login_session_id
from . import bp, choices, outbox, push, services
from .forms import ChoicesForm


@bp.before_app_request
def _start_sender():
    outbox.start_in_process(current_app._get_current_object())


@bp.app_context_processor
def _bell():
    def unread_notifications():
        return services.unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_notifications": unread_notifications, "standing_notifications": services.standing,
            "notification_text": services.text_of,
            "push_public_key": current_app.config.get("VAPID_PUBLIC_KEY") if services.push_configured() else None,
            "notification_poll_seconds": current_app.config["NOTIFICATION_POLL_SECONDS"]}


@bp.route("/notifications")
@login_required
def index():
    items = [(n, services.text_of(n)) for n in services.recent(current_user)]
    return render_template("notifications/index.html", items=items, form=EmptyForm())


@bp.route("/notifications/count.json")
@login_required
def count():
    return jsonify(unread=services.unread_count(current_user))


@bp.route("/notifications/<int:notification_id>/open", methods=["POST"])
@login_required
def open_one(notification_id):
    notification = services.open_notification(current_user, notification_id)
    return redirect(safe_next(notification.link) or url_for("notifications.index"))


@bp.route("/notifications/<int:notification_id>/dismiss", methods=["POST"])
@login_required
def dismiss(notification_id):
    services.dismiss(current_user, notification_id)
    flash(_("Noted."), "info")
    return redirect(url_for("core.index"))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_all():
    services.mark_all_read(current_user)
    flash(_("All notifications are marked read."), "info")
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/choices", methods=["GET", "POST"])
@login_required
def settings():
    mine = choices.choices_of(current_user)
    form = ChoicesForm.of(mine, request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        try:
            choices.save_choices(current_user, form.categories.data, form.quiet_from.data, form.quiet_until.data,
                                 form.time_zone.data, form.show_detail.data)
            flash(_("Your choices are saved."), "success")
            return redirect(url_for("notifications.settings"))
        except ValidationFailed as error:
            show_service_error(form, error)
    return render_template("notifications/settings.html", form=form, action_form=EmptyForm(),
                           paused_until=choices.current_pause(mine),
                           devices=push.device_count(current_user))


@bp.route("/notifications/pause", methods=["POST"])
@login_required
def pause():
    if request.form.get("pause") == "off":
        choices.resume(current_user)
        flash(_("Pushes are on again."), "success")
    else:
        choices.pause(current_user)
        flash(_("Pushes are paused for a week. Notifications still wait for you here."), "success")
    return redirect(url_for("notifications.settings"))


@bp.route("/notifications/push", methods=["POST", "DELETE"])
@login_required
def push_device():
    """A browser turns pushes on (POST, its subscription as JSON) or off (DELETE, its endpoint)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400)
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    try:
        if request.method == "DELETE":
            push.unsubscribe(current_user, data.get("endpoint"))
        else:
            push.subscribe(current_user, current_login_session_id(), data.get("endpoint"), keys.get("p256dh"),
                           keys.get("auth"))
    except ValidationFailed as error:
        return jsonify(ok=False, error=str(error.message)), 400
    except NotFound:
        return jsonify(ok=False), 404
    return jsonify(ok=True)
