"""Live chat: one channel per group and one per time-giver match; persisted before broadcast."""
from flask import Blueprint

bp = Blueprint("chat", __name__)

from . import events, export, listeners, notification_kinds, views  # noqa: E402,F401
