"""Her pages for preparing a council: the list, the overview, questions, coordinator, invitees, statements,
practicalities; ending and deleting."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ... import policy
from ...exceptions import NotFound, ValidationFailed
from ...forms import EmptyForm, show_service_error
from .. import bp, services
from ..forms import (AskStatementForm, DecideForm, InviteeDetailsForm, InviteeForm, KindForm, PracticalForm,
                     QuestionsForm)
from . import form_values, page

PRACTICAL_FIELDS = ("meeting_on", "meeting_time", "place", "food", "interpreter", "childcare", "invitation_words",
                    "opening_words")


def _int(value):
    return int(value) if str(value or "").isdigit() else None


@bp.route("/council")
@login_required
def index():
    """Raises NotFound."""
    if not policy.can_hold_council(current_user):
        raise NotFound()
    return page("council/index.html", councils=services.councils_of(current_user), form=EmptyForm())


@bp.route("/council/new", methods=["POST"])
@login_required
def new():
    council = services.start_council(current_user)
    return redirect(url_for("council.questions", council_id=council.id))


@bp.route("/council/<int:council_id>")
@login_required
def show(council_id):
    council = services.require_owner(current_user, council_id, running=False)
    return page("council/show.html", council=council, form=EmptyForm(), signed=services.signed(council))


@bp.route("/council/<int:council_id>/questions", methods=["GET", "POST"])
@login_required
def questions(council_id):
    council = services.require_owner(current_user, council_id)
    form = QuestionsForm()
    hints = {}
    if request.method == "GET":
        for number, question in enumerate(council.questions, 1):
            getattr(form, f"question_{number}").data = question.text
    elif form.validate_on_submit():
        values = [form.question_1.data, form.question_2.data, form.question_3.data]
        try:
            services.save_questions(current_user, council_id, values)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            hints = {f"question_{n}": services.question_hints(v) for n, v in enumerate(values, 1) if (v or "").strip()}
            if not any(hints.values()):
                flash(_("Your questions are saved."), "success")
                return redirect(url_for("council.show", council_id=council.id))
            flash(_("Your questions are saved. Some tips below; change them if you like."), "success")
    return page("council/questions.html", council=council, form=form, hints=hints,
                kind_form=KindForm(formdata=None, kind=council.kind))


@bp.route("/council/<int:council_id>/kind", methods=["POST"])
@login_required
def kind(council_id):
    form = KindForm()
    try:
        services.set_kind(current_user, council_id, form.kind.data)
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for("council.questions", council_id=council_id))


@bp.route("/council/<int:council_id>/coordinator")
@login_required
def coordinator(council_id):
    council = services.require_owner(current_user, council_id)
    return page("council/coordinator.html", council=council, form=EmptyForm(),
                people=services.available_coordinators() if council.coordinator_id is None else [])


@bp.route("/council/<int:council_id>/coordinator", methods=["POST"])
@login_required
def choose_coordinator(council_id):
    action = request.form.get("action")
    try:
        if action == "withdraw":
            services.withdraw_coordinator(current_user, council_id)
            flash(_("You withdrew from this coordinator. You can choose another."), "success")
        elif action in ("agree", "unagree"):
            services.owner_agrees(current_user, council_id, action == "agree")
            flash(_("Saved."), "success")
        else:
            services.choose_coordinator(current_user, council_id, _int(request.form.get("coordinator")))
            flash(_("The coordinator is asked. You are told when they answer."), "success")
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("council.coordinator", council_id=council_id))


def _invitee_form(council, formdata=None):
    form = InviteeForm(formdata=formdata)
    form.entry_id.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(entry.id, entry.name or _("Someone")) for entry in services.invitable_entries(current_user, council)]
    return form


@bp.route("/council/<int:council_id>/invitees", methods=["GET", "POST"])
@login_required
def invitees(council_id):
    council = services.require_owner(current_user, council_id)
    form = _invitee_form(council, formdata=None if request.method == "GET" else request.form)
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.add_invitee(current_user, council_id, _int(form.entry_id.data), form.name.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Invited. Give their contact details below, so the coordinator can reach them."), "success")
            return redirect(url_for("council.invitees", council_id=council_id))
    details = {i.id: InviteeDetailsForm(formdata=None, prefix=f"i{i.id}", contact=i.contact, role=i.role or "")
               for i in council.invitees}
    return page("council/invitees.html", council=council, form=form, details=details, action_form=EmptyForm())


@bp.route("/council/<int:council_id>/invitees/<int:invitee_id>", methods=["POST"])
@login_required
def update_invitee(council_id, invitee_id):
    action = request.form.get("action")
    try:
        if action == "remove":
            services.remove_invitee(current_user, council_id, invitee_id)
            flash(_("Removed from the invitation."), "success")
        elif action == "link":
            token = services.make_link(current_user, council_id, invitee_id)
            return _show_link(council_id, invitee_id, token, "council.invitees")
        else:
            form = InviteeDetailsForm(prefix=f"i{invitee_id}")
            services.update_invitee(current_user, council_id, invitee_id, form.contact.data, form.role.data)
            flash(_("Saved."), "success")
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("council.invitees", council_id=council_id) + f"#invitee-{invitee_id}")


def _show_link(council_id, invitee_id, token, back):
    council = services.council_of(council_id)
    invitee = next(i for i in council.invitees if i.id == invitee_id)
    return render_template("council/link.html", council=council, invitee=invitee,
                           link=url_for("council.open_link", token=token, _external=True),
                           back=url_for(back, council_id=council_id))


@bp.route("/council/<int:council_id>/statements", methods=["GET", "POST"])
@login_required
def statements(council_id):
    council = services.require_owner(current_user, council_id)
    form = AskStatementForm(formdata=None if request.method == "GET" else request.form)
    form.questions.choices = [SelectChoice(str(q.id), q.text) for q in council.questions]
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.ask(current_user, council_id, form.username.data, form.questions.data or [])
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("The professional is asked. You are told when the statement is written."), "success")
            return redirect(url_for("council.statements", council_id=council_id))
    return page("council/statements.html", council=council, form=form, decide_form=DecideForm(formdata=None),
                action_form=EmptyForm())


@bp.route("/council/<int:council_id>/statements/<int:statement_id>", methods=["POST"])
@login_required
def decide_statement(council_id, statement_id):
    action = request.form.get("action")
    try:
        if action in ("share", "unshare"):
            services.share_lines(current_user, council_id, statement_id, action == "share")
        else:
            services.decide(current_user, council_id, statement_id, action, DecideForm().note.data)
        flash(_("Saved."), "success")
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("council.statements", council_id=council_id) + f"#statement-{statement_id}")


@bp.route("/council/<int:council_id>/practical", methods=["GET", "POST"])
@login_required
def practical(council_id):
    council = services.require_owner(current_user, council_id)
    form = PracticalForm(obj=council) if request.method == "GET" else PracticalForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.save_practicalities(current_user, council_id, form_values(form, PRACTICAL_FIELDS))
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("council.show", council_id=council_id))
    return page("council/practical.html", council=council, form=form)


@bp.route("/council/<int:council_id>/end", methods=["POST"])
@login_required
def end(council_id):
    services.end_council(current_user, council_id)
    flash(_("The council is ended. The invitees' details are deleted. Copies already sent stay sent."), "success")
    return redirect(url_for("council.show", council_id=council_id))


@bp.route("/council/<int:council_id>/delete", methods=["POST"])
@login_required
def delete(council_id):
    services.delete_council(current_user, council_id)
    flash(_("The council is deleted. Copies already sent stay sent."), "success")
    return redirect(url_for("council.index"))


@bp.route("/council/<int:council_id>/versions/<int:number>")
@login_required
def version(council_id, number):
    """Raises NotFound."""
    council = services.require_owner(current_user, council_id, running=False)
    found = next((v for v in council.versions if v.number == number), None)
    if found is None:
        raise NotFound()
    return page("council/version.html", council=council, version=found)
