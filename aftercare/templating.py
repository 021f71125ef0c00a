"""Jinja setup: policies as tests, and small helpers every page uses."""
import re

from flask import request
from flask_babel import get_locale

from . import dates, policy
from .accounts.labels import employer_kind_label, role_label


def configure(app):
    for name, fn in policy.all_policies().items():
        app.jinja_env.tests[name] = fn
    app.jinja_env.filters["role_label"] = role_label
    app.jinja_env.filters["employer_kind_label"] = employer_kind_label
    app.jinja_env.filters["tel_href"] = tel_href
    for name in ("clock", "short_day", "long_day", "long_moment", "chat_time", "day_moment", "medium_moment",
                 "dateformat", "datetimeformat", "zone_name", "decimal"):
        app.jinja_env.filters[name] = getattr(dates, name)

    @app.context_processor
    def _globals():
        return {"current_locale": str(get_locale()), "current_path": request.path}


_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{3,20}")


def tel_href(text):
    """A tel: address when `text` is a phone number alone (digits, spaces, +, -, brackets; 5 to 15 digits),
    so a phone calls it in one tap; else None."""
    text = (text or "").strip()
    digits = re.sub(r"[^0-9]", "", text)
    if not _PHONE.fullmatch(text) or not 5 <= len(digits) <= 15:
        return None
    return "tel:" + ("+" if text.startswith("+") else "") + digits
