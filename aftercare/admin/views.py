"""Admin pages: thin wrappers around admin.services. Every page is refused to non-admins."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from .. import policy
from ..accounts import services as account_services
from ..accounts.forms import InvitationMailForm
from ..exceptions import PermissionDenied, ValidationFailed
from ..forms import EmptyForm, show_service_error, submitted
from . import bp, services
from ..accounts.labels import ROLE_LABELS
from .forms import CouncilOrganisationForm, HelplineForm, InvitationForm, RolesForm, VerificationForm


@bp.before_request
@login_required
def _admins_only():
    if not policy.can_manage_accounts(current_user):
        abort(403)


@bp.route("/")
def accounts():
    page = request.args.get("page", 1, type=int)
    return render_template("admin/accounts.html", pagination=services.list_accounts(current_user, page=page),
                           role_labels=ROLE_LABELS, form=EmptyForm())


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
def account(user_id):
    user = services.get_account(current_user, user_id)
    form = RolesForm()
    if request.method == "GET":
        form.roles.data = [role.value for role in user.roles]
    status = 200
    if form.validate_on_submit():
        try:
            services.set_roles(current_user, user, form.roles.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        except PermissionDenied as error:
            flash(error.message or _("You may not change these account kinds."), "error")
            form.roles.data, status = [role.value for role in user.roles], 403
        else:
            flash(_("Account kinds saved."), "success")
            return redirect(url_for("admin.account", user_id=user.id))
    verification_form = VerificationForm(formdata=None, profession=user.profession, employer_kind=user.employer_kind)
    return render_template("admin/account.html", user=user, form=form, action_form=EmptyForm(),
                           verification_form=verification_form, role_labels=ROLE_LABELS,
                           council_form=CouncilOrganisationForm(formdata=None, organisation=user.organisation)), status


@bp.route("/accounts/<int:user_id>/council-organisation", methods=["POST"])
def council_organisation(user_id):
    user = services.get_account(current_user, user_id)
    form = CouncilOrganisationForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash(_("The organisation is too long (at most 120 characters)."), "error")
        return redirect(url_for("admin.account", user_id=user.id) + "#council-coordinator")
    try:
        services.set_council_organisation(current_user, user, form.organisation.data)
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("The council coordinator is verified.") if user.organisation else _("The verification is withdrawn."),
              "success")
    return redirect(url_for("admin.account", user_id=user.id))


@bp.route("/accounts/<int:user_id>/verify", methods=["POST"])
def verify_professional(user_id):
    user = services.get_account(current_user, user_id)
    verified = request.form.get("verified") == "1"
    form = VerificationForm() if verified else EmptyForm()
    if not form.validate_on_submit():
        if not verified or "csrf_token" in form.errors:
            abort(400)
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("admin.account", user_id=user.id) + "#verification")
    try:
        services.set_professional_verified(current_user, user, verified,
                                           profession=form.profession.data if verified else None,
                                           employer_kind=form.employer_kind.data if verified else None)
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("The professional is verified.") if verified else _("The verification is withdrawn."), "success")
    return redirect(url_for("admin.account", user_id=user.id))


@bp.route("/accounts/<int:user_id>/disable", methods=["POST"])
def disable_account(user_id):
    user = services.get_account(current_user, user_id)
    disabled = request.form.get("disabled") == "1"
    try:
        services.set_disabled(current_user, user, disabled)
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("The account is disabled and logged out everywhere.") if disabled
              else _("The account is enabled again."), "success")
    return redirect(url_for("admin.account", user_id=user.id))


@bp.route("/invitations", methods=["GET", "POST"])
def invitations():
    form = InvitationForm()
    new_link = mail_form = None
    if form.validate_on_submit():
        try:
            _invitation, token = account_services.create_invitation(
                current_user, form.roles.data, label=form.label.data, days=form.days.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            new_link = url_for("accounts.register", token=token, _external=True)
            mail_form = InvitationMailForm(formdata=None, token=token, locale=str(get_locale()))
            form = InvitationForm(formdata=None)  # the next invitation starts from a clean form, note and all
    return render_template("admin/invitations.html", form=form, new_link=new_link, action_form=EmptyForm(),
                           mail_form=mail_form, invitations=services.list_invitations(current_user),
                           role_labels=ROLE_LABELS)


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke_invitation(invitation_id):
    invitation = services.get_invitation(current_user, invitation_id)
    account_services.revoke_invitation(current_user, invitation)
    flash(_("The invitation can no longer be used."), "success")
    return redirect(url_for("admin.invitations"))


@bp.route("/helplines")
def helplines():
    return render_template("admin/helplines.html", helplines=services.list_helplines(), form=EmptyForm())


@bp.route("/helplines/new", methods=["GET", "POST"], defaults={"helpline_id": None})
@bp.route("/helplines/<int:helpline_id>", methods=["GET", "POST"])
def edit_helpline(helpline_id):
    helpline = services.get_helpline(current_user, helpline_id) if helpline_id else None
    form = HelplineForm(obj=helpline)
    fields = ("name_en", "name_nb", "phone", "description_en", "description_nb", "position")
    done = submitted(form, lambda: services.save_helpline(current_user, helpline, **{name: form[name].data
                                                                                     for name in fields}),
                     _("The helpline is saved."), url_for("admin.helplines"))
    return done or render_template("admin/helpline_form.html", form=form, helpline=helpline)


@bp.route("/helplines/<int:helpline_id>/delete", methods=["POST"])
def delete_helpline(helpline_id):
    helpline = services.get_helpline(current_user, helpline_id)
    services.delete_helpline(current_user, helpline)
    flash(_("The helpline is removed."), "success")
    return redirect(url_for("admin.helplines"))
