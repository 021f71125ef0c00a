"""Pages of the person's own tools. Every page answers 404 to anyone but their owner (the services say so)."""
from flask import current_app, render_template
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from flask_babel import get_locale, get_timezone

from .. import labels
from ..drawing import SHAPES, shape_points

# A page nobody would connect with recovery; "hide" opens it in place of the tools.
DEFAULT_HIDE_URL = "https://www.yr.no/"


def _locale():
    """English dates in the day-month form (British English); bokmål in its own."""
    locale = get_locale()
    return "en_GB" if locale.language == "en" else locale


def format_date(day, form="long"):
    return babel_format_date(day, form, locale=_locale())


def format_datetime(moment):
    """The day in long form and the 24-hour time, in her zone."""
    local = moment.astimezone(get_timezone())
    return f"{babel_format_date(local, 'long', locale=_locale())}, {babel_format_time(local, 'short', locale=_locale())}"


def page(template, **context):
    hide_url = current_app.config.get("NETWORK_HIDE_URL") or DEFAULT_HIDE_URL
    return render_template(template, hide_url=hide_url, shapes=SHAPES, shape_points=shape_points,
                           field_labels=labels.FIELDS, choice_label=labels.choice, give_label=labels.GIVES.get,
                           entry_name=labels.entry_name, area_title=labels.area_title, labels=labels, format_date=format_date,
                           format_datetime=format_datetime, **context)


from . import hard_times, map, plan  # noqa: E402,F401
