"""Meeting pages under /groups/<id>/meetings, the calendar page and the feed. Outsiders get 404."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...exceptions import ValidationFailed
from ...forms import EmptyForm, show_service_error, submitted
from ...groups import services as groups
from ...timeutil import utcnow
from .. import bp, services
from ..forms import AgendaForm, MoveForm, NoticeForm, ScheduleForm
from ..models import ATTENDANCE

BASE = "/groups/<int:group_id>/meetings"


def _group(group_id):
    return groups.get_group(current_user, group_id)


def _meeting(group_id, meeting_id):
    group = _group(group_id)
    return group, services.get_meeting(current_user, group, meeting_id)



def _back(meeting):
    return redirect(url_for("meetings.show", group_id=meeting.group_id, meeting_id=meeting.id))


bp.add_app_template_global(services.local_time, "local_time")
bp.add_app_template_global(services.next_meeting, "next_meeting")


@bp.route(BASE)
@login_required
def index(group_id):
    group = _group(group_id)
    return render_template("meetings/index.html", group=group, upcoming=services.upcoming_meetings(group),
                           past=services.past_meetings(group))


@bp.route(BASE + "/new", methods=["GET", "POST"])
@login_required
def new(group_id):
    group = _group(group_id)
    if not policy.can_schedule_meetings(current_user, group):
        abort(403)
    form = ScheduleForm()
    done = submitted(form, lambda: services.schedule(
        current_user, group, first_date=form.first_date.data, start_time=form.start_time.data,
        end_time=form.end_time.data, recurrence=form.recurrence.data, weeks=form.weeks.data or services.HORIZON_WEEKS,
        place=form.place.data, online=form.online.data),
        _("The meeting is scheduled and the members are notified."), url_for("meetings.index", group_id=group.id))
    return done or render_template("meetings/new.html", group=group, form=form)


@bp.route(BASE + "/<int:meeting_id>")
@login_required
def show(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    rows = services.attendance_rows(meeting)
    return render_template("meetings/show.html", group=group, meeting=meeting, agenda=services.agenda(meeting),
                           mine=next((row for row in rows if row.user_id == current_user.id), None),
                           notices=[row for row in rows if row.notice_at], agenda_form=AgendaForm(),
                           guests=services.adopted_guests(meeting), form=EmptyForm(), now=utcnow())


@bp.route(BASE + "/<int:meeting_id>/agenda", methods=["POST"])
@login_required
def propose(group_id, meeting_id):
    _group_, meeting = _meeting(group_id, meeting_id)
    form = AgendaForm()
    if not form.validate_on_submit():
        flash(_("Write the topic in 1 to 300 characters."), "error")
        return _back(meeting)
    try:
        services.propose_item(current_user, meeting, form.text.data)
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("Your topic is on the agenda."), "success")
    return _back(meeting)


@bp.route(BASE + "/<int:meeting_id>/agenda/<int:item_id>/vote", methods=["POST"])
@login_required
def vote(group_id, meeting_id, item_id):
    _group_, meeting = _meeting(group_id, meeting_id)
    item = next((item for item in meeting.agenda_items if item.id == item_id), None) or abort(404)
    services.toggle_vote(current_user, item)
    return _back(meeting)


@bp.route(BASE + "/<int:meeting_id>/agenda/<int:item_id>/<direction>", methods=["POST"])
@login_required
def reorder(group_id, meeting_id, item_id, direction):
    _group_, meeting = _meeting(group_id, meeting_id)
    ids = [item.id for item in services.agenda(meeting)]
    if item_id not in ids or direction not in ("up", "down"):
        abort(404)
    at = ids.index(item_id)
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < len(ids):
        ids[at], ids[other] = ids[other], ids[at]
    services.order_agenda(current_user, meeting, ids)
    return _back(meeting)


@bp.route(BASE + "/<int:meeting_id>/rsvp", methods=["POST"])
@login_required
def rsvp(group_id, meeting_id):
    _group_, meeting = _meeting(group_id, meeting_id)
    try:
        services.rsvp(current_user, meeting, request.form.get("answer"))
    except ValidationFailed as error:
        flash(error.message, "error")
    return _back(meeting)


@bp.route(BASE + "/<int:meeting_id>/notice", methods=["GET", "POST"])
@login_required
def notice(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    form = NoticeForm()
    if form.validate_on_submit():
        try:
            row = services.give_notice(current_user, meeting, form.reason.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Your late notice is recorded.") if row.notice_late else _("Your notice of absence is given."),
                  "success")
            return _back(meeting)
    return render_template("meetings/notice.html", group=group, meeting=meeting, form=form)


@bp.route(BASE + "/<int:meeting_id>/move", methods=["GET", "POST"])
@login_required
def move(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    if not policy.can_schedule_meetings(current_user, group) or meeting.is_cancelled:
        abort(403)
    form = MoveForm()
    if request.method == "GET":
        start, end = (services.local_time(moment, group) for moment in (meeting.starts_at, meeting.ends_at))
        form.on_date.data, form.start_time.data, form.end_time.data = start.date(), start.time(), end.time()
    if form.validate_on_submit():
        try:
            services.move_meeting(current_user, meeting, on_date=form.on_date.data, start_time=form.start_time.data,
                                  end_time=form.end_time.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("The meeting is moved and the members are notified."), "success")
            return _back(meeting)
    return render_template("meetings/move.html", group=group, meeting=meeting, form=form)


@bp.route(BASE + "/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def cancel(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    if not policy.can_schedule_meetings(current_user, group):
        abort(403)
    services.cancel_meeting(current_user, meeting)
    flash(_("The meeting is cancelled and the members are notified."), "info")
    return _back(meeting)


@bp.route(BASE + "/<int:meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    if not policy.can_record_attendance(current_user, group):
        abort(403)
    form = EmptyForm()
    if form.validate_on_submit():
        statuses = {m.user_id: request.form.get(f"status-{m.user_id}") for m in group.active_memberships
                    if request.form.get(f"status-{m.user_id}")}
        try:
            services.record_attendance(current_user, meeting, statuses)
        except ValidationFailed as error:
            flash(error.message, "error")
        else:
            flash(_("Attendance is saved."), "success")
            return _back(meeting)
    rows = {row.user_id: row for row in services.attendance_rows(meeting)}
    return render_template("meetings/attendance.html", group=group, meeting=meeting, rows=rows, form=form,
                           statuses=ATTENDANCE)


@bp.route("/groups/<int:group_id>/attendance-recording", methods=["POST"])
@login_required
def attendance_recording(group_id):
    group = _group(group_id)
    if not policy.can_choose_attendance_recording(current_user, group):
        abort(403)
    choice = request.form.get("records")
    if choice not in ("on", "off"):
        flash(_("Choose whether the group records attendance."), "error")
    else:
        services.set_attendance_recording(current_user, group, choice == "on")
        flash(_("The group now records attendance.") if choice == "on"
              else _("The group no longer records attendance; what was recorded is deleted."), "success")
    return redirect(url_for("groups.settings", group_id=group.id) + "#attendance-recording")


@bp.route(BASE + "/<int:meeting_id>.ics")
@login_required
def download(group_id, meeting_id):
    _group_, meeting = _meeting(group_id, meeting_id)
    return _calendar_response(services.ics_for([meeting], request.host, name=meeting.group.name), f"meeting-{meeting.id}.ics")


def _calendar_response(text, filename):
    response = Response(text, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/calendar", methods=["GET", "POST"])
@login_required
def calendar():
    form = EmptyForm()
    url = None
    if form.validate_on_submit():
        if request.form.get("what") == "revoke":
            services.revoke_feed(current_user)
            flash(_("Your calendar address no longer works."), "info")
            return redirect(url_for("meetings.calendar"))
        token = services.renew_feed(current_user)
        url = url_for("meetings.feed", token=token, _external=True)
    # webcal:// is the same address for calendar apps: a phone opens its calendar and offers to subscribe.
    webcal = "webcal://" + url.split("://", 1)[1] if url else None
    return render_template("meetings/calendar.html", form=form, url=url, webcal=webcal,
                           has_feed=services.has_feed(current_user))


@bp.route("/calendar/<token>.ics")
def feed(token):
    user = services.feed_user(token)
    if user is None:
        abort(404)
    return _calendar_response(services.ics_for(services.feed_meetings(user), request.host), "aftercare.ics")
