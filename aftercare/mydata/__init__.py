"""My data: everything the platform holds about a person, as a JSON file and a readable page."""
from flask import Blueprint

bp = Blueprint("mydata", __name__)

from . import views  # noqa: E402,F401
from ..exports import register_section  # noqa: E402,F401
