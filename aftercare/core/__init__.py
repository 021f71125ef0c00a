"""Pages every visitor shares: home, help, language, the installable-app files."""
from flask import Blueprint

bp = Blueprint("core", __name__)

from . import staying_signed_in, views  # noqa: E402,F401
