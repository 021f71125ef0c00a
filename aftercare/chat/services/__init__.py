"""Chat services: every HTTP view, socket handler and CLI command goes through these."""
from .availability import *  # noqa: F401,F403
from .away import *  # noqa: F401,F403
from .channels import *  # noqa: F401,F403
from .fast_lane import *  # noqa: F401,F403
from .guests import *  # noqa: F401,F403
from .live import *  # noqa: F401,F403
from .moderation import *  # noqa: F401,F403
from .opening import *  # noqa: F401,F403
from .posting import *  # noqa: F401,F403
from .presence import *  # noqa: F401,F403
from .reading import *  # noqa: F401,F403
