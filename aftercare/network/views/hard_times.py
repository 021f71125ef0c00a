"""When it gets hard: her words, and the people she picked from her map."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ...exceptions import ValidationFailed
from ...forms import show_service_error
from .. import bp, services
from ..forms import HardTimesForm
from . import page


@bp.route("/network/when-it-gets-hard", methods=["GET", "POST"])
@login_required
def hard_times():
    message, callers = services.hard_times(current_user)
    entries = services.my_entries(current_user)
    form = HardTimesForm() if request.method == "POST" else HardTimesForm(
        formdata=None, message=message, callers=[entry.id for entry in callers])
    form.callers.choices = [SelectChoice(entry.id, entry.name or _("Someone")) for entry in entries]
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.save_hard_times(current_user, form.message.data, form.callers.data or [])
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Saved. Nothing is sent: you send it yourself when you want to."), "success")
            return redirect(url_for("network.hard_times"))
    return page("network/hard_times.html", form=form, message=message, callers=callers,
                sms=services.sms_link(message), has_entries=bool(entries))
