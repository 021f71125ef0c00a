"""Group pages: thin wrappers around groups.services. Non-members get 404 on every group URL."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import policy
from ..chat import services as chat
from ..exceptions import Conflict, PermissionDenied, ValidationFailed
from ..forms import EmptyForm, show_service_error, submitted
from . import bp, services
from .forms import GroupForm, InviteByUsernameForm, InvitePersonForm, MethodProposalForm, PhaseForm, ProposalForm, PurposeForm, RemoveForm, SettingsForm, \
    VoteForm
from .models import PHASES, WaitingStatus


@bp.before_request
@login_required
def _signed_in():
    pass


def _group(group_id):
    return services.get_group(current_user, group_id)



@bp.route("/")
def index():
    groups = services.my_groups(current_user)
    channels = services.group_channel_ids(groups)
    unread = services.unread_up_to(current_user, channels.values())
    return render_template("groups/index.html", groups=groups, channels=channels, unread=unread,
                           unread_shown_up_to=services.UNREAD_COUNTED_UP_TO,
                           invitations=services.pending_invitations(current_user),
                           waiting=services.my_waiting_entries(current_user),
                           former=services.former_memberships(current_user), form=EmptyForm())


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = GroupForm()
    form.leaders.choices = [(u.id, u.display_name) for u in services.eligible_leaders(current_user)]
    if form.validate_on_submit():
        fields = {name: form[name].data for name in (
            "name", "purpose", "kind", "capacity", "intake", "meeting_rhythm", "meeting_minutes", "planned_end",
            "audience", "consent_method", "objection_days", "votes", "language", "floor_only_in_meetings")}
        fields["chat_retention_days"] = int(form.chat_retention_days.data)
        try:
            services.create_group(current_user, form.leaders.data or [], leader_usernames=form.leader_usernames.data,
                                  **fields)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("The group is created. Its leaders can now invite members."), "success")
            return redirect(url_for("groups.coordinate"))
    return render_template("groups/new.html", form=form)


@bp.route("/coordinate")
def coordinate():
    return render_template("groups/coordinate.html", groups=services.coordinator_groups(current_user))


@bp.route("/<int:group_id>")
def home(group_id):
    group = _group(group_id)
    return render_template("groups/home.html", group=group, form=EmptyForm(),
                           phases=PHASES, phase_form=PhaseForm())


@bp.route("/<int:group_id>/members")
def members(group_id):
    group = _group(group_id)
    return render_template("groups/members.html", group=group, form=EmptyForm())


@bp.route("/<int:group_id>/phone", methods=["POST"])
def phone(group_id):
    group = _group(group_id)
    try:
        services.set_phone_sharing(current_user, group, request.form.get("share") == "1")
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("groups.members", group_id=group.id))


@bp.route("/<int:group_id>/leave", methods=["GET", "POST"])
def leave(group_id):
    group = _group(group_id)
    form = EmptyForm()
    if form.validate_on_submit():
        services.leave_group(current_user, group)
        flash(_("You have left %(name)s. Take care.", name=group.name), "info")
        return redirect(url_for("groups.index"))
    return render_template("groups/leave.html", group=group, form=form)


@bp.route("/<int:group_id>/members/<int:user_id>/remove", methods=["GET", "POST"])
def remove(group_id, user_id):
    group = _group(group_id)
    membership = services.removable_member(current_user, group, user_id)
    form = RemoveForm()
    done = submitted(form, lambda: services.remove_member(current_user, group, user_id, form.reason.data),
                     _("%(name)s is no longer a member.", name=membership.user.display_name),
                     url_for("groups.members", group_id=group.id))
    return done or render_template("groups/remove.html", group=group, membership=membership, form=form)


@bp.route("/<int:group_id>/members/<int:user_id>/leader", methods=["POST"])
def make_leader(group_id, user_id):
    group = _group(group_id)
    try:
        services.make_leader(current_user, group, user_id)
    except PermissionDenied as error:
        if not error.message:
            raise
        flash(error.message, "error")
    else:
        flash(_("Co-leader appointed."), "success")
    return redirect(url_for("groups.members", group_id=group.id))


@bp.route("/<int:group_id>/invite", methods=["GET", "POST"])
def invite(group_id):
    group = _group(group_id)
    person_form = InvitePersonForm(prefix="person")
    person_form.invitee.choices = [(u.id, u.display_name) for u in services.invitable_participants(current_user, group)]
    name_form = InviteByUsernameForm(prefix="name")
    link = None
    what = request.form.get("what")
    if request.method == "POST" and what == "link" and EmptyForm().validate_on_submit():
        _invitation, token = services.invite_by_link(current_user, group)
        link = url_for("groups.join", token=token, _external=True)
    elif request.method == "POST" and what == "username" and name_form.validate_on_submit():
        try:
            services.invite_by_username(current_user, group, name_form.username.data)
        except ValidationFailed as error:
            show_service_error(name_form, error)
        else:
            flash(str(services.NEUTRAL_INVITE_ANSWER), "info")
            return redirect(url_for("groups.invite", group_id=group.id))
    elif request.method == "POST" and what == "person" and person_form.validate_on_submit():
        try:
            services.invite_participant(current_user, group, person_form.invitee.data)
        except ValidationFailed as error:
            show_service_error(person_form, error)
        else:
            flash(_("The invitation is waiting on their groups page."), "success")
            return redirect(url_for("groups.invite", group_id=group.id))
    return render_template("groups/invite.html", group=group, person_form=person_form, name_form=name_form,
                           link=link, form=EmptyForm(), waiting=services.waiting_list(current_user, group))


@bp.route("/<int:group_id>/phase", methods=["POST"])
def phase(group_id):
    group = _group(group_id)
    form = PhaseForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.advance_phase(current_user, group, form.phase.data)
    except ValidationFailed as error:
        flash(error.message, "error")
    return redirect(url_for("groups.home", group_id=group.id))


@bp.route("/<int:group_id>/purpose", methods=["GET", "POST"])
def purpose(group_id):
    group = _group(group_id)
    form = PurposeForm(obj=group)
    done = submitted(form, lambda: services.revise_purpose(current_user, group, form.purpose.data),
                     _("The purpose is updated; earlier wordings are kept."),
                     url_for("groups.purpose", group_id=group.id))
    return done or render_template("groups/purpose.html", group=group, form=form,
                                   history=services.purpose_history(current_user, group))


@bp.route("/<int:group_id>/settings", methods=["GET", "POST"])
def settings(group_id):
    group = _group(group_id)
    if not policy.can_manage_group(current_user, group):
        abort(403)
    form = SettingsForm(obj=group)
    if request.method == "GET":
        form.chat_retention_days.data = str(group.chat_retention_days)
    done = submitted(form, lambda: services.update_settings(
        current_user, group, chat_retention_days=int(form.chat_retention_days.data),
        floor_only_in_meetings=form.floor_only_in_meetings.data),
        _("Settings saved."), url_for("groups.home", group_id=group.id))
    return done or render_template("groups/settings.html", group=group, form=form)


@bp.route("/<int:group_id>/rules")
def rules(group_id):
    group = _group(group_id)
    return render_template("groups/rules.html", group=group, proposals=services.proposals(current_user, group),
                           history=services.rule_history(current_user, group), vote_form=VoteForm(),
                           form=EmptyForm())


@bp.route("/<int:group_id>/rules/accept", methods=["POST"])
def accept_rules(group_id):
    group = _group(group_id)
    services.accept_rules(current_user, group)
    flash(_("Thank you. You have accepted the group's rules."), "success")
    return redirect(request.form.get("next") == "chat" and url_for("chat.channel", channel_id=chat.channel_for_group(
        group).id) or url_for("groups.rules", group_id=group.id))


@bp.route("/<int:group_id>/rules/propose", methods=["GET", "POST"])
def propose(group_id):
    group = _group(group_id)
    form = ProposalForm()
    form.rule_id.choices = [(0, "—")] + [(rule.id, rule.text) for rule in group.current_rules]
    if form.validate_on_submit():
        try:
            services.propose_rule(current_user, group, form.kind.data, text=form.text.data,
                                  rule_id=form.rule_id.data or None)
        except ValidationFailed as error:
            show_service_error(form, error)
        except PermissionDenied as error:
            flash(error.message, "error")
            return redirect(url_for("groups.rules", group_id=group.id))
        else:
            flash(_("Your proposal is up for the group to decide."), "success")
            return redirect(url_for("groups.rules", group_id=group.id))
    return render_template("groups/propose.html", group=group, form=form)


@bp.route("/<int:group_id>/rules/propose-method", methods=["GET", "POST"])
def propose_method(group_id):
    group = _group(group_id)
    form = MethodProposalForm()
    if request.method == "GET":
        form.new_method.data = "no_objection" if group.consent_method == "majority" else "majority"
        form.objection_days.data = group.objection_days
    if form.validate_on_submit():
        try:
            services.propose_method(current_user, group, form.new_method.data, form.objection_days.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        except PermissionDenied as error:
            flash(error.message, "error")
            return redirect(url_for("groups.rules", group_id=group.id))
        else:
            flash(_("Your proposal is up for the group to decide."), "success")
            return redirect(url_for("groups.rules", group_id=group.id))
    return render_template("groups/propose_method.html", group=group, form=form)


@bp.route("/<int:group_id>/proposals/<int:proposal_id>/vote", methods=["POST"])
def vote(group_id, proposal_id):
    group = _group(group_id)
    proposal = services.get_proposal(current_user, group, proposal_id)
    form = VoteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.cast_vote(current_user, group, proposal, form.choice.data)
    except (ValidationFailed, PermissionDenied) as error:
        flash(error.message, "error")
    return redirect(url_for("groups.rules", group_id=group.id) + f"#proposal-{proposal.id}")


def _answer(invitation, template, **context):
    form = EmptyForm()
    if form.validate_on_submit():
        join = request.form.get("answer") == "join"
        try:
            outcome = services.respond_to_invitation(current_user, invitation, join)
        except PermissionDenied as error:
            return _refused(error)
        except (ValidationFailed, Conflict) as error:
            if getattr(error, "field", None) == "display_name":  # the invitation stands; the name must change
                return render_template(template, invitation=invitation, group=invitation.group, form=form,
                                       name_error=error.message, **context), 409
            return render_template("groups/invitation_invalid.html", reason=error.message), 410
        if outcome == WaitingStatus.JOINED:
            flash(_("Welcome to %(name)s.", name=invitation.group.name), "success")
            # Just joined: the moment to offer pushes (notifications/_push_offer.html), never a first visit.
            return redirect(url_for("groups.home", group_id=invitation.group.id, joined=1))
        if outcome == WaitingStatus.WAITING:
            flash(_("The group is full right now. You are on its waiting list and will be offered the next "
                    "free place."), "info")
        else:
            flash(_("You declined the invitation."), "info")
        return redirect(url_for("groups.index"))
    return render_template(template, invitation=invitation, group=invitation.group, form=form, **context)


def _refused(error):
    """Someone who may never be a member: the reason, and nothing about the group."""
    return render_template("groups/invitation_invalid.html", reason=error.message, refused=True), 403


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token):
    try:
        invitation = services.check_group_invitation(token, current_user)
    except PermissionDenied as error:
        return _refused(error)
    except ValidationFailed as error:
        return render_template("groups/invitation_invalid.html", reason=error.message), 410
    return _answer(invitation, "groups/invitation.html")


@bp.route("/invitations/<int:invitation_id>", methods=["GET", "POST"])
def invitation(invitation_id):
    try:
        found = services.direct_invitation(current_user, invitation_id)
    except PermissionDenied as error:
        return _refused(error)
    except ValidationFailed as error:
        return render_template("groups/invitation_invalid.html", reason=error.message), 410
    return _answer(found, "groups/invitation.html")


@bp.route("/waiting/<int:entry_id>", methods=["POST"])
def waiting(entry_id):
    try:
        outcome = services.respond_to_offer(current_user, entry_id, request.form.get("answer") == "join")
    except (Conflict, PermissionDenied, ValidationFailed) as error:
        if isinstance(error, PermissionDenied) and not error.message:
            raise
        flash(error.message, "error")
        return redirect(url_for("groups.index"))
    if outcome == WaitingStatus.JOINED:
        flash(_("Welcome to the group."), "success")
    return redirect(url_for("groups.index"))
