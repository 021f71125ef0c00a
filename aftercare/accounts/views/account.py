"""Account pages: thin wrappers around accounts.services."""
import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required, logout_user

from ...exceptions import ValidationFailed
from ...forms import EmptyForm, show_service_error, submitted
from ...navigation import safe_next
from ...security import current_login_session_id
from ...throttle import TooManyAttempts
from .. import bp, services
from ..devices import trusted_device
from ..forms import DeleteAccountForm, LoginForm, PasswordForm, RegisterForm, SettingsForm
from ..signing_in import account_from_token, paused, sign_in


PENDING_KEY = "two_factor_pending"


def _start_second_step(user, next_url):
    """Remember, in this browser's session only, who passed the password step. This is not a login."""
    session.clear()
    session[PENDING_KEY] = {"user_id": user.id, "since": int(time.time()), "next": next_url}


def pending_second_step():
    """(user_id, next) of a password step passed in this browser within the time limit, else None."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("since", 0) > current_app.config["TWO_FACTOR_PENDING_SECONDS"]:
        session.pop(PENDING_KEY, None)
        return None
    return pending.get("user_id"), pending.get("next")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.check_login(form.username.data, form.password.data, address=request.remote_addr,
                                        device=trusted_device(request.cookies))
        except TooManyAttempts as error:
            return paused("accounts/login.html", form, error)
        if user is not None and user.has_two_factor:
            _start_second_step(user, safe_next(request.args.get("next")))
            return redirect(url_for("accounts.login_code"))
        if user is not None:
            sign_in(user)
            return redirect(safe_next(request.args.get("next")) or url_for("core.index"))
        form.form_errors.append(_("That user name and password do not match an account."))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if EmptyForm().validate_on_submit() and current_user.is_authenticated:
        services.end_login_session(current_user, current_login_session_id())
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    response = redirect(url_for("accounts.login"))
    # Unsent chat messages wait in this browser's storage; on a shared phone the next person must not
    # find them (the page's script clears them too, for browsers that ignore this header).
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


@bp.route("/register/<token>", methods=["GET", "POST"])
def register(token):
    if current_user.is_authenticated:
        flash(_("You are already logged in. Log out first to use an invitation for a new account."), "info")
        return redirect(url_for("core.index"))
    return account_from_token(open_token=lambda **where: services.open_invitation(token, **where),
                              create=lambda **profile: services.register(token, **profile), form=RegisterForm(),
                              template="accounts/register.html", invalid_template="accounts/invitation_invalid.html",
                              done_url=url_for("core.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user if request.method == "GET" else None)
    if request.method == "GET":
        form.locale.data = current_user.locale or ""
    done = submitted(form, lambda: services.update_settings(
        current_user, display_name=form.display_name.data, real_name=form.real_name.data, phone=form.phone.data,
        locale=form.locale.data), _("Your settings are saved."), url_for("accounts.settings"))
    return done or render_template("accounts/settings.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    done = submitted(form, lambda: services.change_password(current_user, form.current_password.data,
                                                            form.new_password.data,
                                                            keep_public_id=current_login_session_id()),
                     lambda ended: ngettext("Your password is changed. %(num)d other device was logged out.",
                                            "Your password is changed. %(num)d other devices were logged out.", ended),
                     url_for("accounts.settings"))
    return done or render_template("accounts/password.html", form=form)


@bp.route("/account/sessions")
@login_required
def sessions():
    return render_template("accounts/sessions.html", login_sessions=services.active_login_sessions(current_user),
                           current_id=current_login_session_id(), form=EmptyForm())


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    ended = services.end_other_login_sessions(current_user, keep_public_id=current_login_session_id())
    flash(ngettext("%(num)d other device was logged out.", "%(num)d other devices were logged out.", ended),
          "success")
    return redirect(url_for("accounts.sessions"))


@bp.route("/account/sessions/<public_id>/end", methods=["POST"])
@login_required
def end_session(public_id):
    services.end_login_session(current_user, public_id)
    flash(_("That device was logged out."), "success")
    return redirect(url_for("accounts.sessions"))


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user, current_user, form.password.data,
                                    delete_messages=form.messages.data == "delete")
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            logout_user()
            session.clear()
            flash(_("Your account is deleted. Take care."), "info")
            response = redirect(url_for("accounts.login"))
            response.headers["Clear-Site-Data"] = '"storage"'
            return response
    from ...deletion import groups_left_without_leader

    return render_template("accounts/delete.html", form=form,
                           leaderless=groups_left_without_leader(current_user))
