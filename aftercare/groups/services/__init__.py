"""Group services: the group itself, membership and invitations, the rules, retention."""
from .groups import *  # noqa: F401,F403
from .invitations import *  # noqa: F401,F403
from .membership import *  # noqa: F401,F403
from .overview import *  # noqa: F401,F403
from .rules import *  # noqa: F401,F403
