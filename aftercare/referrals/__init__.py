"""Referrals before discharge: a professional hands a person a personal invitation; the person owns it."""
from flask import Blueprint

bp = Blueprint("referrals", __name__)

from . import export, views  # noqa: E402,F401
