"""Time-giver pages: the people matched (volunteers, participants, pairs) and the coordinators."""
from . import coordinate, people  # noqa: F401
