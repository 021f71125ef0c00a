"""Time-giver pages: thin wrappers around matching.services."""
from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...exceptions import Conflict, ValidationFailed
from ...forms import EmptyForm, show_service_error, submitted
from .. import bp, labels
from ..forms import EndMatchForm, MeetUpForm, RequestForm, TimeGiverForm
from ..services import applications, matches, proposals, requests as asks
from ...timeutil import local_today


@bp.context_processor
def _helpers():
    return {"present": labels}


def coordinators_only(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not policy.can_vet(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper



def attempt(action, success, target):
    """Run a service for a button; show its refusal or the success message, then go to `target`."""
    try:
        action()
    except (ValidationFailed, Conflict) as error:
        flash(error.message, "error")
    else:
        flash(success, "success")
    return redirect(target)


# --- volunteers ---

@bp.route("/volunteer")
@login_required
def volunteer():
    _as_participant, as_time_giver = matches.my_matches(current_user)
    return render_template("matching/volunteer.html", application=applications.own_application(current_user),
                           active_matches=[m for m in as_time_giver if m.is_active], action_form=EmptyForm())


@bp.route("/apply", methods=["GET", "POST"])
@login_required
def apply():
    if not policy.can_apply_as_time_giver(current_user):
        abort(403)
    application = applications.own_application(current_user)
    if application is not None and policy.can_edit_time_giver_profile(current_user, application):
        return redirect(url_for("matching.edit_profile"))
    form = TimeGiverForm()
    if form.validate_on_submit():
        try:
            applications.apply(current_user, declaration_signed=form.declaration.data, **form.profile_data())
        except (ValidationFailed, Conflict) as error:
            show_service_error(form, error)
        else:
            flash(_("Thank you for applying. A coordinator will contact you about an interview."), "success")
            return redirect(url_for("matching.volunteer"))
    return render_template("matching/apply.html", form=form, editing=False)


@bp.route("/volunteer/edit", methods=["GET", "POST"])
@login_required
def edit_profile():
    application = applications.own_application(current_user)
    if application is None or not policy.can_edit_time_giver_profile(current_user, application):
        abort(404)
    form = TimeGiverForm()
    del form.declaration
    if request.method == "GET":
        form.load(application)
    done = submitted(form, lambda: applications.update_profile(current_user, application, **form.profile_data()),
                     _("Your answers are saved."), url_for("matching.volunteer"))
    return done or render_template("matching/apply.html", form=form, editing=True)


@bp.route("/volunteer/state", methods=["POST"])
@login_required
def volunteer_state():
    application = applications.own_application(current_user)
    if application is None:
        abort(404)
    action = request.form.get("action", "")
    return attempt(lambda: applications.change_state(current_user, application, action),
                    _("Saved."), url_for("matching.volunteer"))


# --- participants ---

@bp.route("/ask", methods=["GET", "POST"])
@login_required
def ask():
    if not policy.can_ask_for_time_giver(current_user):
        abort(403)
    if asks.current_request(current_user) is not None:
        return redirect(url_for("matching.my_request"))
    form = RequestForm()
    if form.validate_on_submit():
        try:
            asks.create_request(current_user, **form.request_data())
        except ValidationFailed as error:
            show_service_error(form, error)
        except Conflict as error:
            flash(error.message, "error")
            return redirect(url_for("matching.my_request"))
        else:
            flash(_("Your request is sent. A coordinator will suggest a time-giver; you decide."), "success")
            return redirect(url_for("matching.my_request"))
    return render_template("matching/ask.html", form=form)


@bp.route("/my-request")
@login_required
def my_request():
    time_giver_request = asks.current_request(current_user)
    return render_template("matching/my_request.html", time_giver_request=time_giver_request,
                           waiting=proposals.waiting_for_answer(current_user), action_form=EmptyForm(),
                           tried_before=time_giver_request and asks.earlier_suggestion_ended(current_user,
                                                                                            time_giver_request))


@bp.route("/my-request/withdraw", methods=["POST"])
@login_required
def withdraw_request():
    time_giver_request = asks.current_request(current_user)
    if time_giver_request is None:
        abort(404)
    return attempt(lambda: asks.withdraw_request(current_user, time_giver_request),
                    _("Your request is withdrawn. You are welcome to ask again whenever you like."),
                    url_for("matching.my_request"))


# --- both sides' answer to a proposal ---

@bp.route("/proposals/<int:proposal_id>")
@login_required
def proposal(proposal_id):
    found = proposals.get_proposal(current_user, proposal_id)
    return render_template("matching/proposal.html", proposal=found, action_form=EmptyForm())


@bp.route("/proposals/<int:proposal_id>/answer", methods=["POST"])
@login_required
def answer_proposal(proposal_id):
    found = proposals.get_proposal(current_user, proposal_id)
    accept = request.form.get("answer") == "yes"
    try:
        match = proposals.respond(current_user, found, accept)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("matching.my_matches"))
    if match is not None:
        flash(_("You both said yes. Say hello in your private chat!"), "success")
        return redirect(url_for("matching.match", match_id=match.id))
    flash(_("Thank you. Your answer is saved.") if accept else _("That is fine. Your answer is saved."), "success")
    if found.request.participant_id == current_user.id:  # her request's page says what happens next
        return redirect(url_for("matching.my_request"))
    return redirect(url_for("matching.my_matches"))


# --- the match's life ---

@bp.route("/matches")
@login_required
def my_matches():
    as_participant, as_time_giver = matches.my_matches(current_user)
    return render_template("matching/my_matches.html", as_participant=as_participant, as_time_giver=as_time_giver,
                           waiting=proposals.waiting_for_answer(current_user))


@bp.route("/matches/<int:match_id>", methods=["GET", "POST"])
@login_required
def match(match_id):
    found = matches.get_match(current_user, match_id)
    form = MeetUpForm(met_on=local_today())
    if form.validate_on_submit():
        try:
            matches.log_meetup(current_user, found, met_on=form.met_on.data, activity=form.activity.data,
                               private_note=form.private_note.data)
        except (ValidationFailed, Conflict) as error:
            show_service_error(form, error)
        else:
            flash(_("The meet-up is logged."), "success")
            return redirect(url_for("matching.match", match_id=found.id))
    return render_template("matching/match.html", match=found, form=form, action_form=EmptyForm(),
                           meetups=matches.meetups(current_user, found),
                           check_in_due=matches.check_in_due(current_user, found),
                           quiet=matches.quiet_state(current_user, found))


@bp.route("/matches/<int:match_id>/check-in", methods=["POST"])
@login_required
def check_in(match_id):
    found = matches.get_match(current_user, match_id)
    return attempt(lambda: matches.check_in(current_user, found),
                    _("Thank you. Only you see your answer."), url_for("matching.match", match_id=found.id))


@bp.route("/matches/<int:match_id>/end", methods=["GET", "POST"])
@login_required
def end_match(match_id):
    found = matches.get_match(current_user, match_id)
    if not policy.can_end_match(current_user, found):
        return redirect(url_for("matching.match", match_id=found.id))
    form = EndMatchForm()
    if form.validate_on_submit():
        try:
            matches.end_match(current_user, found, farewell=form.farewell.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        except Conflict as error:
            flash(error.message, "error")
            return redirect(url_for("matching.match", match_id=found.id))
        else:
            flash(_("The pairing has ended. Thank you for the time you shared."), "success")
            return redirect(url_for("matching.match", match_id=found.id))
    return render_template("matching/end_match.html", match=found, form=form)
