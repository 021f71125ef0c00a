"""The network council: the main person's own people make a plan with her, prepared with a council
coordinator she chose, held on a phone, and followed up."""
from flask import Blueprint

bp = Blueprint("council", __name__)

from . import views  # noqa: E402,F401
from . import hooks, notification_kinds  # noqa: E402,F401
