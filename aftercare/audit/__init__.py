"""The audit log: who looked at or acted on what, and when — never the content seen."""
from flask import Blueprint

bp = Blueprint("audit", __name__)

from . import export, views  # noqa: E402,F401
from .services import record, record_guest_presence  # noqa: E402,F401
