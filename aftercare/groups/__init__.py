"""Closed groups: membership, co-leadership, phases and the group's own rules."""
from flask import Blueprint

bp = Blueprint("groups", __name__)

from . import export, notification_kinds, views  # noqa: E402,F401
from .labels import template_helpers  # noqa: E402

bp.app_context_processor(template_helpers)
