"""Guest professionals: proposing and voting (members), the invitation list and agenda page (the guest)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...exceptions import ValidationFailed
from ...forms import EmptyForm
from .. import bp, services
from ..forms import GuestForm
from ..services import guests as guest_clock
from .schedule import BASE, _meeting


@bp.route(BASE + "/<int:meeting_id>/guests", methods=["GET", "POST"])
@login_required
def guests(group_id, meeting_id):
    group, meeting = _meeting(group_id, meeting_id)
    form = GuestForm()
    if form.validate_on_submit():
        try:
            services.propose_guest(current_user, meeting, form.username.data, form.reason.data)
        except ValidationFailed as error:
            form.username.errors = list(form.username.errors) + [error.message]
        else:
            flash(_("Your proposal is open for the group's decision."), "success")
            return redirect(url_for("meetings.guests", group_id=group.id, meeting_id=meeting.id))
    return render_template("meetings/guests.html", group=group, meeting=meeting, form=form, vote_form=EmptyForm(),
                           invitations=services.guest_invitations(meeting), window=services.window(meeting),
                           now=guest_clock.utcnow())


@bp.route(BASE + "/<int:meeting_id>/guests/<int:invitation_id>/<choice>", methods=["POST"])
@login_required
def vote_guest(group_id, meeting_id, invitation_id, choice):
    group, meeting = _meeting(group_id, meeting_id)
    try:
        services.vote_guest(current_user, meeting, invitation_id, choice)
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("meetings.guests", group_id=group.id, meeting_id=meeting.id))


@bp.route("/guest")
@login_required
def guest_invitations():
    if not policy.can_see_guest_invitations(current_user):
        abort(404)
    return render_template("meetings/guest_invitations.html",
                           invitations=services.my_guest_invitations(current_user), in_window=services.in_window)


@bp.route("/guest/meetings/<int:meeting_id>")
@login_required
def guest_agenda(meeting_id):
    meeting = services.guest_meeting(current_user, meeting_id)
    services.note_guest_presence(current_user, meeting.group, meeting)
    from ...chat.services import channel_for_group

    chat_id = channel_for_group(meeting.group).id if meeting.online else None
    return render_template("meetings/guest_agenda.html", meeting=meeting, group=meeting.group,
                           agenda=services.agenda(meeting), chat_id=chat_id)

