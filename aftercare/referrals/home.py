"""The professional's small home page is made of sections other areas register (meetings adds the guest
invitations). A section is a function user -> dict(template=..., **context), or None to show nothing;
the template is a partial (a <section>, not a whole page) rendered with the rest of the dict."""
from flask import render_template
from markupsafe import Markup

from .services import referrals_made_by

_SECTIONS = []


def register_section(loader):
    _SECTIONS.append(loader)
    return loader


def sections(user):
    return [section for section in (loader(user) for loader in _SECTIONS) if section]


def rendered_sections(user):
    """Each section's template rendered with the rest of its dict as the context."""
    result = []
    for section in sections(user):
        context = dict(section)
        result.append(Markup(render_template(context.pop("template"), **context)))
    return result


def render_professional_home(user):
    """The professional's home page: the referrals they made, then the registered sections. Core's home
    page shows it too, to a verified professional holding no other kind (policy.is_professional_only)."""
    return render_template("referrals/professional_home.html", referrals=referrals_made_by(user),
                           sections=rendered_sections(user))
