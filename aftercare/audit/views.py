"""The members' transparency page: who saw what."""
from flask import render_template
from flask_login import current_user, login_required

from . import bp, services


@bp.route("/who-saw-what")
@login_required
def transparency():
    entries = services.entries_for(current_user)
    return render_template("audit/transparency.html",
                           lines=[(entry, services.describe(entry)) for entry in entries])
