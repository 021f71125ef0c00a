"""Pages of the council: hers (owner), the council coordinator's, the professional's and the invitee's
(through their link, without an account). Every page answers 404 to anyone it is not for."""
from flask import render_template

from .. import labels


def page(template, **context):
    return render_template(template, labels=labels, **context)


def form_values(form, names):
    return {name: getattr(form, name).data for name in names}


from . import coordinator, invitee, meeting, owner, professional  # noqa: E402,F401
