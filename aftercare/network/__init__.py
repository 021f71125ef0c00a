"""The person's own tools: her network map, her aftercare plan and "when it gets hard"."""
from flask import Blueprint

bp = Blueprint("network", __name__, cli_group="network")

from . import views  # noqa: E402,F401
from . import cli, hooks, notification_kinds  # noqa: E402,F401
