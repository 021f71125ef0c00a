"""Helpers shared by every domain's forms, and the request-wide check on what a form may carry."""
import re

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from .exceptions import ValidationFailed


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change something (the token is checked for every
    POST before any view runs)."""


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (easier than a multi-select on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def show_service_error(form, error):
    """Put a service's ValidationFailed message next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def submitted(form, action, success, target):
    """The skeleton of a page with a form. When the form is sent and valid, `action()` calls the service:
    its ValidationFailed goes next to its field and None is returned, so that the view shows the form
    again; otherwise `success` is flashed (a function of what the service returned, or a message) and a
    redirect to `target` is returned. Also None when the form was not sent or is not valid."""
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except ValidationFailed as error:
        show_service_error(form, error)
        return None
    flash(success(result) if callable(success) else success, "success")
    return redirect(target)


# Characters no form or address ever needs and that the database or a reader would trip over: NUL and
# the other C0 controls (tab, line feed and carriage return kept for long text), DEL, the C1 controls,
# lone surrogates and the two noncharacters U+FFFE/U+FFFF.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_unstorable(text):
    return isinstance(text, str) and UNSTORABLE.search(text) is not None


def _sent_text():
    """Every piece of text the request carries for a view: path parts, query and form keys and values."""
    yield from (request.view_args or {}).values()
    for data in (request.args, request.form):
        for key, values in data.lists():
            yield key
            yield from values
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename


def refuse_unstorable_input():
    """Answer 400 before any view runs when the request carries a control character, NUL or lone
    surrogate (what a browser's form never sends, and what PostgreSQL cannot store). Nothing is read
    further, so nothing is stored and no throttle is spent; the page says what to do in the person's
    language. A form over the size limit gets a 413 page of the same kind."""
    try:
        bad = any(has_unstorable(text) for text in _sent_text())
    except RequestEntityTooLarge:
        return render_template("errors/400.html", code=413, reason=_(
            "What you sent is too long to be saved. Shorten it and try again.")), 413
    if bad:
        return render_template("errors/400.html", code=400, reason=_(
            "What you sent contains invisible control characters that cannot be saved. Go back, remove "
            "them (typing the text again instead of pasting it usually does it) and try again.")), 400
    return None
