"""Two-factor pages: the code step of logging in, setting up, recovery codes, turning it off."""
import time

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...exceptions import PermissionDenied, ValidationFailed
from ...extensions import db
from ...forms import EmptyForm, show_service_error, submitted
from ...security import seal, unseal
from ...throttle import TooManyAttempts
from .. import bp, two_factor
from ..devices import trusted_device
from ..forms import CodeForm, EnrolForm, PasswordAndCodeForm
from ..models import User
from ..signing_in import paused, sign_in
from .account import PENDING_KEY, pending_second_step

# Pages a person who must use two-factor sign-in can reach before setting it up.
OPEN_BEFORE_ENROLMENT = {
    "accounts.two_factor", "accounts.logout", "accounts.login", "accounts.login_code",
    "core.help_page", "core.language", "core.offline", "core.manifest", "core.service_worker", "core.health",
    "static",
}


# The key offered on the set-up page, kept (sealed: the session cookie is signed, not encrypted) in this
# browser's session until the person confirms it with a code; nothing is stored before that.
OFFER_KEY = "two_factor_offer"
OFFER_SECONDS = 60 * 60


@bp.before_app_request
def require_two_factor():
    """Send people who must use two-factor sign-in, and have not set it up, to the set-up page."""
    if request.endpoint in OPEN_BEFORE_ENROLMENT or request.endpoint is None:
        return None
    if current_user.is_authenticated and policy.is_blocked_until_two_factor(current_user):
        flash(_("Your account kind needs two-factor sign-in. Set it up to continue."), "info")
        return redirect(url_for("accounts.two_factor"))
    return None


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    pending = pending_second_step()
    user = two_factor.pending_user(pending[0]) if pending else None
    if user is None:
        session.pop(PENDING_KEY, None)
        flash(_("Log in again: the step for the code lasts 5 minutes."), "info")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            kind = two_factor.check_login_code(user, form.code.data, address=request.remote_addr,
                                               device=trusted_device(request.cookies))
        except TooManyAttempts as error:
            return paused("accounts/login_code.html", form, error)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            next_url = pending[1]
            sign_in(user)
            if kind == "recovery":
                flash(_("You used a recovery code; it will not work again. %(num)d are left.",
                        num=two_factor.unused_recovery_code_count(user)), "info")
            return redirect(next_url or url_for("core.index"))
    return render_template("accounts/login_code.html", form=form)


def _offered_secret(user):
    """The key this browser was shown for `user` within the last hour, or None."""
    offer = session.get(OFFER_KEY)
    if not isinstance(offer, dict) or offer.get("user_id") != user.id \
            or not time.time() - offer.get("since", 0) <= OFFER_SECONDS:
        return None
    return unseal(offer.get("secret"), OFFER_KEY)


def _offer_secret(user):
    """A new key for `user`, remembered in this browser's session only (reloading the page shows it again)."""
    secret = two_factor.new_secret()
    session[OFFER_KEY] = {"user_id": user.id, "since": int(time.time()), "secret": seal(secret, OFFER_KEY)}
    return secret


@bp.route("/account/two-factor", methods=["GET", "POST"], endpoint="two_factor")
@login_required
def two_factor_page():
    if current_user.has_two_factor:
        return render_template("accounts/two_factor.html", required=policy.must_use_two_factor(current_user),
                               unused=two_factor.unused_recovery_code_count(current_user))
    secret = _offered_secret(current_user)
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_enrolment(current_user, secret, form.code.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            session.pop(OFFER_KEY, None)
            flash(_("Two-factor sign-in is on."), "success")
            return render_template("accounts/recovery_codes.html", codes=codes)
    if secret is None:
        secret = _offer_secret(current_user)
    return render_template("accounts/two_factor_setup.html", form=form, key=two_factor.grouped_key(secret),
                           qr=two_factor.qr_data_uri(current_user, secret),
                           required=policy.must_use_two_factor(current_user))


@bp.route("/account/two-factor/recovery-codes", methods=["GET", "POST"])
@login_required
def recovery_codes():
    form = PasswordAndCodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.regenerate_recovery_codes(current_user, form.password.data, form.code.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("You have new recovery codes; the old ones no longer work."), "success")
            return render_template("accounts/recovery_codes.html", codes=codes)
    return render_template("accounts/two_factor_confirm.html", form=form, action="recovery")


@bp.route("/account/two-factor/off", methods=["GET", "POST"])
@login_required
def two_factor_off():
    if not policy.can_turn_off_two_factor(current_user) or not current_user.has_two_factor:
        flash(_("Two-factor sign-in is required for your account kind."), "info")
        return redirect(url_for("accounts.two_factor"))
    form = PasswordAndCodeForm()
    done = submitted(form, lambda: two_factor.turn_off(current_user, form.password.data, form.code.data),
                     _("Two-factor sign-in is off."), url_for("accounts.two_factor"))
    return done or render_template("accounts/two_factor_confirm.html", form=form, action="off")


@bp.route("/account/two-factor/reset/<int:user_id>", methods=["POST"])
@login_required
def reset_two_factor(user_id):
    """An admin's button on the account page, for someone who lost both their phone and their codes."""
    user = db.session.get(User, user_id)
    if user is None or not EmptyForm().validate_on_submit():
        abort(404 if user is None else 400)
    try:
        two_factor.reset_by_admin(current_user, user)
    except PermissionDenied:
        abort(403)
    flash(_("Two-factor sign-in is reset and the person is logged out everywhere. They set it up again "
            "at their next login."), "success")
    return redirect(url_for("admin.account", user_id=user.id))
