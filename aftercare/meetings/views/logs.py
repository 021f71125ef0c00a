"""The session log page (read, write, publish, removal requests) and anonymous feedback."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...exceptions import ValidationFailed
from ...forms import EmptyForm, show_service_error
from .. import bp, services
from ..forms import FeedbackForm, LogForm, PublishForm, RecorderForm, RemovalForm
from ..models import FEEDBACK_OPEN_FOR, LOG_FIELDS
from .schedule import BASE, _group, _meeting


def _to_log(meeting):
    return redirect(url_for("meetings.log", group_id=meeting.group_id, meeting_id=meeting.id))


def _log_page(group, meeting, log_form=None, removal_form=None, publish_form=None, just_saved=False):
    log = services.log_of(meeting)
    version = services.readable_version(current_user, meeting, log)
    may_write = policy.can_write_log(current_user, meeting, log) if log else False
    if log_form is None:
        log_form = LogForm(obj=version) if version else LogForm()
    # The box is ticked anew for the version on the page, which may be newer than the one confirmed
    # (raw_data is what was sent, which the field would show again).
    if publish_form is None:
        publish_form = PublishForm(formdata=None)
    publish_form.version.data, publish_form.version.raw_data = (version.number if version else None), None
    publish_form.confirm.data = False
    recorder_form = RecorderForm(recorder=log.recorder_id if log else None)
    recorder_form.recorder.choices = [(m.user_id, m.user.display_name) for m in group.active_memberships]
    return render_template("meetings/log.html", group=group, meeting=meeting, log=log, version=version,
                           may_write=may_write, log_form=log_form, recorder_form=recorder_form,
                           removal_form=removal_form or RemovalForm(), publish_form=publish_form, form=EmptyForm(),
                           names=services.names_in_log(current_user, meeting, log), just_saved=just_saved,
                           not_yet=services.why_no_log_yet(meeting),
                           requests=services.removal_requests(current_user, meeting, log), fields=LOG_FIELDS)


@bp.route(BASE + "/<int:meeting_id>/log", methods=["GET", "POST"])
@login_required
def log(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    form = LogForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.save_log(current_user, meeting, {name: form[name].data for name in LOG_FIELDS})
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("The log is saved as a new version."), "success")
            return _log_page(group, meeting, just_saved=True)
        return _log_page(group, meeting, log_form=form)
    return _log_page(group, meeting)


@bp.route(BASE + "/<int:meeting_id>/log/recorder", methods=["POST"])
@login_required
def recorder(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    if not policy.can_assign_recorder(current_user, meeting):
        abort(403)
    form = RecorderForm()
    form.recorder.choices = [(m.user_id, m.user.display_name) for m in group.active_memberships]
    if not form.validate_on_submit():
        abort(400)
    services.assign_recorder(current_user, meeting, form.recorder.data)
    flash(_("The recorder is chosen."), "success")
    return _to_log(meeting)


@bp.route(BASE + "/<int:meeting_id>/log/publish", methods=["POST"])
@login_required
def publish(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    form = PublishForm()
    if form.validate_on_submit():
        try:
            services.publish_log(current_user, meeting, form.version.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("The log is published to the group's members."), "success")
            return _to_log(meeting)
    return _log_page(group, meeting, publish_form=form)


@bp.route(BASE + "/<int:meeting_id>/log/removal", methods=["POST"])
@login_required
def removal(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    form = RemovalForm()
    if form.validate_on_submit():
        try:
            services.request_removal(current_user, meeting, form.passage.data, form.note.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Your request is sent to the recorder and the leaders."), "success")
            return _to_log(meeting)
    return _log_page(group, meeting, removal_form=form)


@bp.route(BASE + "/<int:meeting_id>/log/removal/<int:request_id>/<action>", methods=["POST"])
@login_required
def decide(group_id, meeting_id, request_id, action):
    _group_, meeting = _meeting(group_id, meeting_id)
    if action not in ("remove", "decline") or not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.decide_removal(current_user, meeting, request_id, action == "remove")
    except ValidationFailed as error:
        flash(error.message, "error")
    return _to_log(meeting)


@bp.route(BASE + "/<int:meeting_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    closed = meeting.feedback_closed() and policy.can_post(current_user, group)
    if not policy.can_give_feedback(current_user, meeting) and not closed:
        abort(404)
    form = FeedbackForm()
    if not closed and form.validate_on_submit():
        try:
            services.give_feedback(current_user, meeting, form.week_score.data, form.meeting_score.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Thank you for your feedback. Nobody can see what you answered."), "success")
            return redirect(url_for("meetings.show", group_id=group.id, meeting_id=meeting.id))
    return render_template("meetings/feedback.html", group=group, meeting=meeting, form=form, closed=closed,
                           given=services.has_given_feedback(current_user, meeting))


@bp.route(BASE + "/feedback")
@login_required
def feedback_overview(group_id):
    group = _group(group_id)
    if not policy.can_see_feedback(current_user, group):
        abort(403)
    return render_template("meetings/feedback_overview.html", group=group,
                           rows=services.feedback_overview(current_user, group), minimum=services.MIN_ANSWERS,
                           open_hours=int(FEEDBACK_OPEN_FOR.total_seconds() // 3600))
