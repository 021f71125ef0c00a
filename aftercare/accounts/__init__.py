"""Accounts: registration by invitation, login, settings, sessions, deletion."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import export, views  # noqa: E402,F401
