"""Matching participants with time-givers; the pure engine lives in `engine/` and does not import Flask."""
from flask import Blueprint

bp = Blueprint("matching", __name__)

from . import account_deletion, export, notification_kinds, views  # noqa: E402,F401
