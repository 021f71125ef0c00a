"""Account pages: registration, login, settings, devices and deletion; two-factor sign-in."""
from . import account, email, two_factor  # noqa: F401
