"""Coordinator pages: vetting volunteers, the request queue, suggestions, batch proposals, follow-ups."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from ... import audit
from ...exceptions import Conflict, ValidationFailed
from ...forms import EmptyForm, submitted
from .. import bp
from ..forms import DeclineForm, VettingForm
from ..services import applications, matches, proposals, requests as asks
from ...timeutil import local_today
from .people import attempt, coordinators_only


@bp.route("/coordinate")
@coordinators_only
def volunteers():
    state, page = request.args.get("state"), request.args.get("page", 1, type=int)
    lists, counts, follow_ups = applications.vetting_lists(current_user, state=state, page=page)
    return render_template("matching/coordinate/volunteers.html", lists=lists, counts=counts, follow_ups=follow_ups,
                           only_state=state, page=page, per_page=applications.LIST_LENGTH)


@bp.route("/coordinate/volunteers/<int:time_giver_id>", methods=["GET", "POST"])
@coordinators_only
def vet(time_giver_id):
    time_giver = applications.get_for_vetting(current_user, time_giver_id)
    if request.method == "GET":
        # The volunteer sees in "Who saw what" which coordinator opened their application.
        audit.record("coordinator.opened_application", actor=current_user, subject_user_id=time_giver.user_id,
                     params={"application": time_giver.id}, commit=True)
    form = VettingForm()
    fields = ("interview_on", "training_on", "certificate_seen_on", "certificate_expires_on")
    done = submitted(form, lambda: applications.record_vetting(current_user, time_giver, **{name: form[name].data
                                                                                            for name in fields}),
                     _("The checklist is saved."), url_for("matching.vet", time_giver_id=time_giver.id))
    return done or render_template("matching/coordinate/vet.html", time_giver=time_giver, form=form,
                           decline_form=DeclineForm(formdata=None), action_form=EmptyForm(),
                           missing=applications.missing_checks(time_giver, local_today()))


@bp.route("/coordinate/volunteers/<int:time_giver_id>/approve", methods=["POST"])
@coordinators_only
def approve(time_giver_id):
    time_giver = applications.get_for_vetting(current_user, time_giver_id)
    return attempt(lambda: applications.approve(current_user, time_giver),
                    _("Approved. The volunteer can now say when they are ready to be paired."),
                    url_for("matching.vet", time_giver_id=time_giver.id))


@bp.route("/coordinate/volunteers/<int:time_giver_id>/decline", methods=["POST"])
@coordinators_only
def decline(time_giver_id):
    time_giver = applications.get_for_vetting(current_user, time_giver_id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            applications.decline(current_user, time_giver, form.reason.data)
        except (ValidationFailed, Conflict) as error:
            flash(error.message, "error")
        else:
            flash(_("The application is declined; the applicant sees your reason."), "success")
    return redirect(url_for("matching.vet", time_giver_id=time_giver.id))


@bp.route("/coordinate/volunteers/<int:time_giver_id>/state", methods=["POST"])
@coordinators_only
def change_state(time_giver_id):
    time_giver = applications.get_for_vetting(current_user, time_giver_id)
    return attempt(lambda: applications.change_state(current_user, time_giver, request.form.get("action", "")),
                    _("Saved."), url_for("matching.vet", time_giver_id=time_giver.id))


@bp.route("/coordinate/requests")
@coordinators_only
def queue():
    waiting, proposed = asks.queue(current_user, request.args.get("page", 1, type=int),
                                   request.args.get("proposed_page", 1, type=int))
    return render_template("matching/coordinate/queue.html", waiting=waiting, proposed=proposed,
                           pending=proposals.pending_by_request(current_user, proposed), action_form=EmptyForm())


@bp.route("/coordinate/requests/<int:request_id>")
@coordinators_only
def request_page(request_id):
    time_giver_request = asks.get_for_matching(current_user, request_id)
    # The participant sees in "Who saw what" that a coordinator opened their request.
    audit.record("coordinator.opened_request", actor=current_user, subject_user_id=time_giver_request.participant_id,
                 params={"request": time_giver_request.id}, commit=True)
    suggested, ruled_out = proposals.suggestions(current_user, time_giver_request)
    return render_template("matching/coordinate/request.html", time_giver_request=time_giver_request,
                           suggested=suggested, ruled_out=ruled_out, action_form=EmptyForm(),
                           history=asks.history(current_user, time_giver_request))


@bp.route("/coordinate/requests/<int:request_id>/propose", methods=["POST"])
@coordinators_only
def propose(request_id):
    time_giver_request = asks.get_for_matching(current_user, request_id)
    time_giver = proposals.get_time_giver_for_proposal(current_user, request.form.get("time_giver_id", type=int))
    return attempt(lambda: proposals.propose(current_user, time_giver_request, time_giver),
                    _("Proposed. The participant is asked first."),
                    url_for("matching.request_page", request_id=time_giver_request.id))


@bp.route("/coordinate/proposals/<int:proposal_id>/withdraw", methods=["POST"])
@coordinators_only
def withdraw_proposal(proposal_id):
    found = proposals.get_for_coordinator(current_user, proposal_id)
    return attempt(lambda: proposals.withdraw(current_user, found), _("The proposal is withdrawn."),
                    url_for("matching.request_page", request_id=found.request_id))


@bp.route("/coordinate/batch", methods=["GET", "POST"])
@coordinators_only
def batch():
    if request.method == "POST":
        made, failed = proposals.propose_many(current_user, _pairs(request.form.getlist("pair")))
        if made:
            flash(ngettext("%(num)d proposal sent; the participant is asked first.",
                           "%(num)d proposals sent; each participant is asked first.", len(made)), "success")
        for _request, message in failed:
            flash(message, "error")
        return redirect(url_for("matching.queue"))
    pairs, left = proposals.batch(current_user)
    return render_template("matching/coordinate/batch.html", pairs=pairs, left=left, action_form=EmptyForm())


def _pairs(values):
    pairs = []
    for value in values:
        request_id, _sep, time_giver_id = value.partition(":")
        if request_id.isdigit() and time_giver_id.isdigit():
            pairs.append((int(request_id), int(time_giver_id)))
    return pairs


@bp.route("/coordinate/matches")
@coordinators_only
def follow_up():
    today = local_today()
    active, ended = matches.overview(current_user, today, request.args.get("page", 1, type=int),
                                     request.args.get("ended_page", 1, type=int))
    return render_template("matching/coordinate/matches.html", active=active, ended=ended, today=today,
                           needs_follow_up=matches.needs_follow_up)
