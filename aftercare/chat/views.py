"""The chat page (works without JavaScript: a plain form posts and the page reloads)."""
import secrets
from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..exceptions import PermissionDenied, ValidationFailed
from ..forms import EmptyForm
from . import bp, broadcast, services
from .forms import MessageForm


@bp.app_template_filter("from_iso")
def from_iso(value):
    return datetime.fromisoformat(value)


@bp.route("/<int:channel_id>")
@login_required
def channel(channel_id):
    """Reads only: the page's socket join notes who is here, and its "read" event the read marker."""
    opening = services.open_channel(current_user, channel_id)
    channel = opening.channel
    return render_template("chat/channel.html", channel=channel, form=MessageForm(client_id=secrets.token_urlsafe(16)),
                           title=services.channel_title(channel, current_user), messages=opening.messages,
                           state=opening.state, **opening.page)


@bp.route("/<int:channel_id>/messages", methods=["POST"])
@login_required
def post(channel_id):
    channel = services.get_channel(current_user, channel_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            message, created = services.post_message(current_user, channel, client_id=form.client_id.data,
                                                      body=form.body.data)
        except (ValidationFailed, PermissionDenied) as error:
            flash(error.message, "error")
        else:
            if created:
                broadcast.new_message(message)
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("chat.channel", channel_id=channel.id) + "#composer")


@bp.route("/<int:channel_id>/reports")
@login_required
def reports(channel_id):
    channel = services.get_channel(current_user, channel_id)
    return render_template("chat/reports.html", channel=channel, reports=services.open_reports(current_user, channel),
                           title=services.channel_title(channel, current_user),
                           leaders=services.leaders_for_floor(channel), agenda=[],
                           after_meeting_links=[], form=EmptyForm())


@bp.route("/reports/<int:report_id>/resolve", methods=["POST"])
@login_required
def resolve_report(report_id):
    report = services.resolve_report(current_user, report_id)
    flash(_("The report is marked as handled."), "success")
    return redirect(url_for("chat.reports", channel_id=report.message.channel_id))
