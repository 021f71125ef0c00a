"""The notification list; opening it marks everything read."""
from flask import render_template
from flask_login import current_user, login_required

from . import bp, services


@bp.app_context_processor
def _bell():
    def unread_notifications():
        return services.unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_notifications": unread_notifications}


@bp.route("/notifications")
@login_required
def index():
    items = [(n, services.text_of(n)) for n in services.recent(current_user)]
    page = render_template("notifications/index.html", items=items)
    services.mark_all_read(current_user)
    return page
