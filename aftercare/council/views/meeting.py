"""The meeting on her phone (the shared phone): part 1, the private part, the plan, signatures, finishing,
the follow-up; and her own lines' marks."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ...exceptions import ValidationFailed
from ...forms import EmptyForm
from .. import bp, services
from ..forms import FinishForm, LineForm, MarkForm
from . import form_values, page

LINE_FIELDS = ("question_id", "what", "owner", "service_name", "due_on")


def line_form(council, line=None, formdata=None):
    form = LineForm(formdata=formdata, prefix=f"l{line.id}" if line else "new")
    form.question_id.choices = [SelectChoice(q.id, q.text) for q in council.questions]
    form.owner.choices = ([SelectChoice("self", _("Me"))]
                          + [SelectChoice(f"invitee:{i.id}", i.name) for i in council.invitees]
                          + [SelectChoice(f"professional:{s.professional_id}", s.professional.display_name)
                             for s in council.statements if s.state == "approved"]
                          + [SelectChoice("service", _("We ask a service"))])
    if line is not None and formdata is None:
        form.question_id.data, form.what.data, form.due_on.data = line.question_id, line.what, line.due_on
        form.service_name.data = line.service_name
        form.owner.data = {"invitee": f"invitee:{line.invitee_id}",
                           "professional": f"professional:{line.professional_id}"}.get(line.owner_kind, line.owner_kind)
    return form


def _values(form):
    values = form_values(form, LINE_FIELDS)
    values["question_id"] = int(values["question_id"]) if str(values["question_id"] or "").isdigit() else None
    return values


@bp.route("/council/<int:council_id>/meeting")
@login_required
def meeting(council_id):
    council = services.require_owner(current_user, council_id)
    return page("council/meeting.html", council=council, form=EmptyForm(), new_line=line_form(council),
                lines={line.id: line_form(council, line) for line in council.lines},
                finish_form=FinishForm(formdata=None, follow_up_on=council.follow_up_on),
                signed=services.signed(council), mark_form=MarkForm(formdata=None))


def _back(council_id, anchor=""):
    return redirect(url_for("council.meeting", council_id=council_id) + anchor)


@bp.route("/council/<int:council_id>/meeting", methods=["POST"])
@login_required
def meeting_step(council_id):
    """One button of the meeting: start, the private part, calling the coordinator back, signing,
    finishing, the follow-up."""
    action = request.form.get("action")
    try:
        if action == "start":
            services.start_meeting(current_user, council_id)
        elif action == "private":
            services.start_private(current_user, council_id)
        elif action == "call_back":
            services.call_back(current_user, council_id)
        elif action == "sign":
            invitee = request.form.get("invitee")
            services.sign(current_user, council_id, int(invitee) if str(invitee or "").isdigit() else None)
        elif action == "finish":
            form = FinishForm()
            form.validate()
            services.finish(current_user, council_id, form.follow_up_on.data, form.decline_follow_up.data)
            flash(_("The plan is finished. Everyone invited can read it through their link."), "success")
            return redirect(url_for("council.show", council_id=council_id))
        elif action == "follow_up":
            services.start_follow_up(current_user, council_id)
            flash(_("The follow-up meeting is being prepared. Everyone is invited again."), "success")
            return redirect(url_for("council.show", council_id=council_id))
        else:
            flash(_("Please choose one of the options."), "error")
    except ValidationFailed as error:
        flash(error.message, "error")
    return _back(council_id, "#phase")


@bp.route("/council/<int:council_id>/lines", methods=["POST"])
@login_required
def add_line(council_id):
    council = services.require_owner(current_user, council_id)
    form = line_form(council, formdata=request.form)
    try:
        line = services.add_line(current_user, council_id, _values(form))
    except ValidationFailed as error:
        flash(error.message, "error")
        return _back(council_id, "#new-line")
    flash(_("The line is added."), "success")
    return _back(council_id, f"#line-{line.id}")


@bp.route("/council/<int:council_id>/lines/<int:line_id>", methods=["POST"])
@login_required
def change_line(council_id, line_id):
    council = services.require_owner(current_user, council_id)
    try:
        if request.form.get("action") == "remove":
            services.remove_line(current_user, council_id, line_id)
            flash(_("The line is removed."), "success")
            return _back(council_id, "#plan")
        line = next((line for line in council.lines if line.id == line_id), None)
        services.update_line(current_user, council_id, line_id, _values(line_form(council, line, request.form)))
        flash(_("Saved."), "success")
    except ValidationFailed as error:
        flash(error.message, "error")
    return _back(council_id, f"#line-{line_id}")


@bp.route("/council/lines/<int:line_id>/mark", methods=["POST"])
@login_required
def mark_line(line_id):
    form = MarkForm()
    try:
        services.mark_line(current_user, line_id, form.mark.data or "")
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("Saved."), "success")
    return redirect(request.form.get("back") if request.form.get("back", "").startswith("/council") else
                    url_for("council.index"))
