"""The professional's pages: the statements they were asked for (the agreement, the questions chosen, their
text, her answer) and, after the plan is finished and only if she said so, the lines assigned to them."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...exceptions import NotFound, ValidationFailed
from ...forms import EmptyForm
from .. import bp, services
from ..forms import MarkForm, StatementForm
from . import page


@bp.route("/council/statements")
@login_required
def statement_list():
    """Raises NotFound."""
    if not policy.has_professional_powers(current_user):
        raise NotFound()
    return page("council/statement_list.html", statements=services.statements_for(current_user))


@bp.route("/council/statements/<int:statement_id>", methods=["GET", "POST"])
@login_required
def statement(statement_id):
    statement = services.professional_opens(current_user, statement_id)
    form = StatementForm(formdata=None, text=statement.text) if request.method == "GET" else StatementForm()
    if request.method == "POST":
        try:
            if request.form.get("action") == "agree":
                services.professional_agrees(current_user, statement_id)
            else:
                services.write(current_user, statement_id, form.text.data)
                flash(_("Your statement is sent to the main person. She approves it, asks for changes or rejects it."),
                      "success")
            return redirect(url_for("council.statement", statement_id=statement_id))
        except ValidationFailed as error:
            flash(error.message, "error")
    council = statement.council
    lines = services.my_lines(council, professional_id=current_user.id) if policy.can_see_lines_as_professional(
        current_user, statement) else None
    return page("council/statement.html", statement=statement, council=council, form=form, lines=lines,
                questions=[q for q in council.questions if q.id in (statement.question_ids or [])],
                action_form=EmptyForm(), mark_form=MarkForm(formdata=None),
                can_write=policy.can_see_statement(current_user, statement) and council.phase == "preparing")
