"""Who may do what: pure yes/no functions, the only place access rules live.

Every function takes the acting user first (possibly anonymous) and returns a bool.
Services enforce them, views use them for early 404/403, templates use them as Jinja tests.
One module per area; everything is importable from `aftercare.policy`.
"""
from .roles import *  # noqa: F401,F403  (first: the others build on it)
from .accounts import *  # noqa: F401,F403
from .guests import *  # noqa: F401,F403
from .groups import *  # noqa: F401,F403
from .chat import *  # noqa: F401,F403
from .live import *  # noqa: F401,F403
from .matching import *  # noqa: F401,F403
from .meetings import *  # noqa: F401,F403
from .network import *  # noqa: F401,F403
from .council import *  # noqa: F401,F403
from .rights import *  # noqa: F401,F403
from .two_factor import *  # noqa: F401,F403


def all_policies():
    """Name → function, for registering as Jinja tests."""
    return {
        name: fn for name, fn in globals().items()
        if callable(fn) and (name.startswith("can_") or name.startswith("is_") or name.startswith("has_")
                             or name.startswith("may_") or name.startswith("must_"))
        and getattr(fn, "__module__", "").startswith(__name__ + ".")
    }
