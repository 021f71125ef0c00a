"""In-app notifications: a bell with a count in the navigation and a list page."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)

from . import export, views  # noqa: E402,F401
