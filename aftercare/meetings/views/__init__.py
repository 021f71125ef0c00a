"""Meeting pages: scheduling and agenda, session logs and feedback, guest professionals."""
from . import guests, logs, schedule  # noqa: F401
