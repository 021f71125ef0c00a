"""Meetings of a group: schedule, agenda, notice of absence, attendance and calendar feeds."""
from flask import Blueprint

bp = Blueprint("meetings", __name__)

from . import notification_kinds, views  # noqa: E402,F401
from . import contributions  # noqa: E402,F401
