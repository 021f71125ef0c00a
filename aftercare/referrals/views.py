"""Referral pages: the professional's home, redeeming, the owner's page, the coordinator's notes."""
from functools import wraps

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import policy
from ..accounts.signing_in import account_from_token, paused
from ..exceptions import PermissionDenied, ValidationFailed
from ..forms import EmptyForm, show_service_error
from ..security import seal, unseal
from ..throttle import TooManyAttempts
from . import bp, home, services
from .forms import CodeForm, RedeemForm, ReferralForm, ShareForm

_CODE_SESSION_KEY = "referral_codes"


def professionals_only(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not policy.has_professional_powers(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


@bp.route("/professional")
@professionals_only
def professional_home():
    return home.render_professional_home(current_user)


@bp.route("/referrals/new", methods=["GET", "POST"])
@professionals_only
def create():
    form = ReferralForm()
    if form.validate_on_submit():
        try:
            referral, code = services.create_referral(current_user, note=form.note.data, wants=form.wants.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            # Sealed: a session cookie is signed, not encrypted, and this code opens an account.
            session[_CODE_SESSION_KEY] = {str(referral.id): seal(code, _CODE_SESSION_KEY)}
            return redirect(url_for("referrals.printable", referral_id=referral.id))
    return render_template("referrals/new.html", form=form)


@bp.route("/referrals/<int:referral_id>/print")
@professionals_only
def printable(referral_id):
    referral = services.db.session.get(services.Referral, referral_id)
    if not policy.can_see_referral_as_referrer(current_user, referral):
        abort(404)
    # The code exists only in this one page view: it is not stored anywhere readable.
    sealed = (session.pop(_CODE_SESSION_KEY, None) or {}).get(str(referral.id))
    code = unseal(sealed, _CODE_SESSION_KEY) if isinstance(sealed, str) else None
    link = url_for("referrals.redeem", code=code, _external=True) if code else None
    return render_template("referrals/print.html", referral=referral, code=code, link=link)


@bp.route("/referral", methods=["GET", "POST"])
def enter_code():
    if not policy.can_redeem_referral(current_user):
        flash(_("You are already logged in. Log out first to use a referral for a new account."), "info")
        return redirect(url_for("core.index"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            _referral, code = services.open_code(form.code.data, address=request.remote_addr)
        except TooManyAttempts as error:
            return paused("referrals/enter_code.html", form, error)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            return redirect(url_for("referrals.redeem", code=services.grouped(code)))
    return render_template("referrals/enter_code.html", form=form)


@bp.route("/referral/<code>", methods=["GET", "POST"])
def redeem(code):
    if not policy.can_redeem_referral(current_user):
        flash(_("You are already logged in. Log out first to use a referral for a new account."), "info")
        return redirect(url_for("core.index"))
    return account_from_token(open_token=lambda **where: services.open_code(code, **where),
                              create=lambda **profile: services.redeem(code, **profile), form=RedeemForm(),
                              template="referrals/redeem.html", invalid_template="referrals/invalid.html",
                              done_url=url_for("referrals.mine"), token_field="code")


@bp.route("/my-referral")
@login_required
def mine():
    referral = services.owned_referral(current_user)
    form = ShareForm(formdata=None, tell_referrer=referral.tell_referrer if referral else False)
    return render_template("referrals/mine.html", referral=referral, form=form, delete_form=EmptyForm())


@bp.route("/my-referral/share", methods=["POST"])
@login_required
def share():
    referral = services.owned_referral(current_user)
    form = ShareForm()
    if referral is None or not form.validate_on_submit():
        abort(404 if referral is None else 400)
    services.set_tell_referrer(current_user, referral.id, form.tell_referrer.data)
    flash(_("Saved. Your referrer sees that you started.") if form.tell_referrer.data
          else _("Saved. Your referrer does not see that you started."), "success")
    return redirect(url_for("referrals.mine"))


@bp.route("/my-referral/delete-note", methods=["POST"])
@login_required
def delete_note():
    referral = services.owned_referral(current_user)
    if referral is None:
        abort(404)
    services.delete_note(current_user, referral.id)
    flash(_("The note is deleted."), "success")
    return redirect(url_for("referrals.mine"))


@bp.route("/referrals/coordinate")
@login_required
def coordinator_notes():
    try:
        referrals = services.notes_for_coordinator(current_user)
    except PermissionDenied:
        abort(403)
    return render_template("referrals/coordinate.html",
                           rows=[(referral, services.owner_of(referral)) for referral in referrals])


@bp.route("/referrals/coordinate/<int:referral_id>")
@login_required
def coordinator_note(referral_id):
    if not policy.can_list_referral_notes(current_user):
        abort(403)
    referral = services.open_note(current_user, referral_id)
    return render_template("referrals/note.html", referral=referral, owner=services.owner_of(referral))
