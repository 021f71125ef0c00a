"""My data: a readable page and a JSON download."""
import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import notices
from ..exceptions import Conflict
from ..forms import EmptyForm
from . import bp, labels, sections, services  # noqa: F401  (sections registers the domains)


@bp.route("/account/my-data")
@login_required
def page():
    try:
        data = services.export(current_user)
    except Conflict as error:
        flash(error.message, "error")
        return render_template("mydata/page.html", data=None, labels=labels), 409
    return render_template("mydata/page.html", data=data, labels=labels)


@bp.route("/account/my-data.json")
@login_required
def download():
    try:
        data = services.export(current_user)
    except Conflict as error:
        return Response(json.dumps({"error": str(error.message)}), status=409, mimetype="application/json")
    body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="aftercare-my-data.json"'})


@bp.route("/notices/<int:notice_id>/dismiss", methods=["POST"])
@login_required
def dismiss_notice(notice_id):
    if EmptyForm().validate_on_submit():
        notices.dismiss(current_user, notice_id)
    flash(_("Noted."), "info")
    return redirect(url_for("core.index"))
