"""Pages every visitor shares: home, help, language, the installable-app files."""
from flask import Blueprint

bp = Blueprint("core", __name__)

from . import views  # noqa: E402,F401
