"""E-mail and forgotten passwords: the person's address, its verification, "Forgot your password?", the
new-password page, coordinators' and admins' links handed over in person, and invitations sent by e-mail."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from ... import mail, policy
from ...exceptions import ValidationFailed
from ...forms import EmptyForm, show_service_error
from ...throttle import TooManyAttempts
from .. import bp, email as email_services, resets
from ..forms import (EmailSettingsForm, ForgotPasswordForm, InvitationMailForm, IssueResetForm,
                    NewPasswordForm)
from ..signing_in import paused


@bp.app_context_processor
def _email_enabled():
    return {"email_enabled": mail.enabled}


def _mail_or_404():
    if not mail.enabled():
        abort(404)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def email_settings():
    _mail_or_404()
    form = EmailSettingsForm(obj=current_user if request.method == "GET" else None,
                             digest=current_user.email_digest if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            sent = email_services.save_email_settings(current_user, address=form.email.data,
                                                      digest=form.digest.data, locale=str(get_locale()))
        except TooManyAttempts as error:
            return paused("accounts/email.html", form, error, resend_form=EmptyForm())
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("We have sent a link to the address. Open it to confirm the address.") if sent
                  else _("Your e-mail settings are saved."), "success")
            return redirect(url_for("accounts.email_settings"))
    return render_template("accounts/email.html", form=form, resend_form=EmptyForm())


@bp.route("/account/email/resend", methods=["POST"])
@login_required
def resend_verification():
    try:
        email_services.resend_verification(current_user)
    except TooManyAttempts as error:
        flash(error.message, "error")
    else:
        flash(_("We have sent the link again."), "success")
    return redirect(url_for("accounts.email_settings"))


@bp.route("/account/email/verify/<token>", methods=["GET", "POST"])
def verify_email(token):
    _mail_or_404()
    form = EmptyForm()
    try:
        if form.validate_on_submit():
            email_services.confirm_email(token)
            flash(_("Your e-mail address is confirmed."), "success")
            return redirect(url_for("accounts.email_settings" if current_user.is_authenticated else "accounts.login"))
        email_services.check_verification(token)
    except ValidationFailed as error:
        return render_template("accounts/link_invalid.html", reason=error.message), 410
    return render_template("accounts/verify_email.html", form=form)


@bp.route("/login/forgot", methods=["GET", "POST"])
def forgot_password():
    _mail_or_404()
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            resets.request_reset(form.identifier.data, address=request.remote_addr)
        except TooManyAttempts as error:
            return paused("accounts/forgot.html", form, error)
        return render_template("accounts/forgot_sent.html")
    return render_template("accounts/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        resets.check_reset(token, address=request.remote_addr)
    except ValidationFailed as error:
        return render_template("accounts/link_invalid.html", reason=error.message), \
            429 if isinstance(error, TooManyAttempts) else 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            resets.complete_reset(token, form.new_password.data, address=request.remote_addr)
        except ValidationFailed as error:
            if error.field != "new_password":
                return render_template("accounts/link_invalid.html", reason=error.message), 410
            show_service_error(form, error)
        else:
            flash(_("Your new password is saved and every device is logged out. Log in with the new password."),
                  "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/account-help/password", methods=["GET", "POST"])
@login_required
def issue_reset():
    if not policy.can_help_with_passwords(current_user):
        abort(404)
    form, link = IssueResetForm(), None
    if form.validate_on_submit():
        try:
            _user, token = resets.issue_reset_link(current_user, form.username.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            link = url_for("accounts.reset_password", token=token, _external=True)
    return render_template("accounts/issue_reset.html", form=form, link=link)


@bp.route("/invitations/email", methods=["POST"])
@login_required
def send_invitation():
    if not policy.can_create_invitation(current_user):
        abort(404)
    return _send_link(email_services.send_invitation, "accounts.register", url_for("admin.invitations"))


@bp.route("/groups/invitations/email", methods=["POST"])
@login_required
def send_group_invitation():
    back = url_for("groups.invite", group_id=request.form.get("group_id", type=int) or 0)
    return _send_link(email_services.send_group_invitation, "groups.join", back)


def _send_link(service, endpoint, back):
    """Mail an invitation link the person just made; the page shows the link again either way."""
    form = InvitationMailForm()
    link = url_for(endpoint, token=form.token.data or "-", _external=True)
    if form.validate_on_submit():
        try:
            service(current_user, form.token.data, form.email.data, form.locale.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            return render_template("accounts/invitation_sent.html", form=None, link=link, back=back)
    return render_template("accounts/invitation_sent.html", form=form, link=link, back=back), 400
