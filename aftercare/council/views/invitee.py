"""The invitee's pages, without an account: the link opens once (a button, so that a link preview does not
use it up) and from then on this browser holds their access; the invitation in her words, their answer,
their signature, the plan and their own lines."""
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ...exceptions import NotFound, ValidationFailed
from ...forms import EmptyForm
from .. import bp, services
from ..forms import AnswerForm, MarkForm
from . import page

SESSION_KEY = "council_invitee"


def _refused(error):
    return render_template("council/link_refused.html", reason=error.reason), 410


@bp.route("/council/i/<token>")
def open_link(token):
    try:
        invitee = services.invitee_by_link(token)
    except services.LinkRefused as error:
        return _refused(error)
    return page("council/open_link.html", invitee=invitee, form=EmptyForm())


@bp.route("/council/i/<token>", methods=["POST"])
def use_link(token):
    try:
        invitee, key = services.open_link(token)
    except services.LinkRefused as error:
        return _refused(error)
    session[SESSION_KEY] = [invitee.id, key]
    session.permanent = True
    return redirect(url_for("council.invited"))


def _invitee():
    held = session.get(SESSION_KEY)
    if not isinstance(held, list) or len(held) != 2:
        raise NotFound()
    return services.invitee_by_access(held[0], held[1])


@bp.route("/council/invited")
def invited():
    """Raises NotFound."""
    invitee = _invitee()
    council = invitee.council
    return page("council/invited.html", invitee=invitee, council=council, form=EmptyForm(),
                answer_form=AnswerForm(formdata=None, answer=invitee.answer), mark_form=MarkForm(formdata=None),
                my_lines=services.my_lines(council, invitee=invitee), signed=services.signed(council))


@bp.route("/council/invited", methods=["POST"])
def invited_step():
    """Raises NotFound."""
    invitee = _invitee()
    action = request.form.get("action")
    try:
        if action == "answer":
            services.answer(invitee, AnswerForm().answer.data)
            flash(_("Thank you. Your answer is sent."), "success")
        elif action == "sign":
            services.sign_through_link(invitee)
            flash(_("You signed the plan."), "success")
        elif action == "mark":
            line_id = request.form.get("line")
            services.mark_line(None, int(line_id) if str(line_id or "").isdigit() else None,
                               MarkForm().mark.data or "", invitee=invitee)
            flash(_("Saved."), "success")
        elif action == "leave":
            session.pop(SESSION_KEY, None)
            return redirect(url_for("core.index"))
        else:
            abort(400)
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("council.invited"))
