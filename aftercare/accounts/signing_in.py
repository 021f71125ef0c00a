"""Signing a person in from a page, and the one page by which a token (an invitation or a referral code)
becomes a new account. Used by the accounts and referrals pages alike."""
from flask import after_this_request, flash, redirect, render_template, request, session
from flask_babel import gettext as _
from flask_login import login_user

from ..exceptions import ValidationFailed
from ..forms import show_service_error
from ..throttle import TooManyAttempts
from . import services
from .devices import describe, remember_device


def sign_in(user):
    """Log the person in on a fresh session, with a login-session row for this device."""
    session.clear()  # a fresh session at every login: nothing from before survives it
    login_session = services.start_login_session(user, describe(request.headers.get("User-Agent")))
    login_user(user)
    session.permanent = True
    cookies, is_secure, user_id = request.cookies, request.is_secure, user.id
    after_this_request(lambda response: remember_device(response, cookies, user_id, is_secure))
    return login_session


def paused(template, form, error, **context):
    """The form again, saying why tries are paused and for how long (429, with Retry-After)."""
    form.form_errors.append(error.message)
    return render_template(template, form=form, **context), 429, {"Retry-After": str(error.retry_after)}


def account_from_token(*, open_token, create, form, template, invalid_template, done_url, token_field=None):
    """The registration page of a token. `open_token(address=...)` checks it first: a token that does not
    work is answered with `invalid_template` (410, or 429 while tries are paused). A valid form makes the
    account with `create(**profile, locale=..., address=...)`, signs its person in and welcomes them at
    `done_url`; a refusal naming `token_field` means the token stopped working meanwhile (410)."""
    try:
        open_token(address=request.remote_addr)
    except ValidationFailed as error:
        return render_template(invalid_template, reason=error.message), \
            429 if isinstance(error, TooManyAttempts) else 410
    if form.validate_on_submit():
        try:
            user = create(username=form.username.data, display_name=form.display_name.data,
                          password=form.password.data, real_name=form.real_name.data, phone=form.phone.data,
                          locale=session.get("locale"), address=request.remote_addr)
        except TooManyAttempts as error:
            return paused(template, form, error)
        except ValidationFailed as error:
            if token_field is not None and error.field == token_field:
                return render_template(invalid_template, reason=error.message), 410
            show_service_error(form, error)
        else:
            sign_in(user)
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.display_name), "success")
            return redirect(done_url)
    return render_template(template, form=form)
