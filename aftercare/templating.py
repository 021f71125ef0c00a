"""Jinja setup: policies as tests, and small helpers every page uses."""
from flask import request
from flask_babel import get_locale

from . import dates, policy
from .accounts.labels import employer_kind_label, role_label


def configure(app):
    for name, fn in policy.all_policies().items():
        app.jinja_env.tests[name] = fn
    app.jinja_env.filters["role_label"] = role_label
    app.jinja_env.filters["employer_kind_label"] = employer_kind_label
    for name in ("clock", "short_day", "long_day", "long_moment", "chat_time", "day_moment", "medium_moment",
                 "dateformat", "datetimeformat", "zone_name", "decimal"):
        app.jinja_env.filters[name] = getattr(dates, name)

    @app.context_processor
    def _globals():
        return {"current_locale": str(get_locale()), "current_path": request.path}
