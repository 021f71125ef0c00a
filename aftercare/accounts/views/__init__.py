"""Account pages: registration, login, settings, devices and deletion; two-factor sign-in."""
from . import account, two_factor  # noqa: F401
