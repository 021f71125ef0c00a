"""The council coordinator's pages: the councils they were asked to coordinate and, once both accepted the
agreement, its questions, invitees (with the checklist), logistics, and the plan in part 3 and after. Each
opening is in her "who saw what"; in the private part every page is a 404."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...exceptions import NotFound, ValidationFailed
from ...forms import EmptyForm
from .. import bp, services
from ..forms import ChecklistForm
from . import page
from .owner import _show_link


@bp.route("/council/coordinate")
@login_required
def coordinate_list():
    """Raises NotFound."""
    if not policy.has_council_coordinator_powers(current_user):
        raise NotFound()
    return page("council/coordinate_list.html", councils=services.coordinated_by(current_user))


@bp.route("/council/coordinate/<int:council_id>")
@login_required
def coordinate(council_id):
    council = services.coordinator_opens(current_user, council_id)
    checklists = {i.id: ChecklistForm(formdata=None, prefix=f"c{i.id}", contacted=bool(i.contacted_at),
                                      visited=bool(i.visited_at), answer=i.answer or "") for i in council.invitees}
    return page("council/coordinate.html", council=council, form=EmptyForm(), checklists=checklists,
                details=policy.can_see_council_details(current_user, council))


@bp.route("/council/coordinate/<int:council_id>", methods=["POST"])
@login_required
def coordinate_step(council_id):
    action = request.form.get("action")
    try:
        if action in ("accept", "decline"):
            services.answer_request(current_user, council_id, action == "accept")
            if action == "decline":
                flash(_("You declined. The main person is told and can choose another coordinator."), "success")
                return redirect(url_for("council.coordinate_list"))
        elif action == "withdraw":
            services.coordinator_withdraws(current_user, council_id)
            flash(_("You withdrew. The main person is told."), "success")
            return redirect(url_for("council.coordinate_list"))
        elif action == "private":
            services.start_private(current_user, council_id, as_coordinator=True)
            flash(_("The private part has started. You see nothing of the council until you are called back."),
                  "success")
            return redirect(url_for("council.coordinate_list"))
        elif action == "check":
            services.check(current_user, council_id)
        elif action == "follow_up":
            services.start_follow_up(current_user, council_id, as_coordinator=True)
            flash(_("The follow-up meeting is being prepared. Everyone is invited again."), "success")
        else:
            flash(_("Please choose one of the options."), "error")
            return redirect(url_for("council.coordinate", council_id=council_id))
        if action not in ("follow_up",):
            flash(_("Saved."), "success")
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("council.coordinate", council_id=council_id))


@bp.route("/council/coordinate/<int:council_id>/invitees/<int:invitee_id>", methods=["POST"])
@login_required
def checklist(council_id, invitee_id):
    try:
        if request.form.get("action") == "link":
            token = services.make_link(current_user, council_id, invitee_id, as_coordinator=True)
            return _show_link(council_id, invitee_id, token, "council.coordinate")
        form = ChecklistForm(prefix=f"c{invitee_id}")
        services.update_checklist(current_user, council_id, invitee_id, form.contacted.data, form.visited.data,
                                  form.answer.data)
        flash(_("Saved."), "success")
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("council.coordinate", council_id=council_id) + f"#invitee-{invitee_id}")
