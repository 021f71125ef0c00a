"""My data pages."""
from . import models  # noqa: F401
