"""The kinds of notification. Each domain registers its own kinds in its `notification_kinds` module, naming
the choice (category) a person turns them on or off by and the sentence shown in the reader's language."""
from dataclasses import dataclass

# The choices a person makes per kind of notification.
CATEGORIES = ("group", "meetings", "time_giver", "network", "account")


@dataclass(frozen=True)
class Kind:
    name: str
    category: str
    # A lazy string with %(param)s placeholders filled from the notification's params.
    text: object
    # Stays on the person's home page until they dismiss it.
    sticky: bool = False


_KINDS = {}


def register(*kinds):
    """Make kinds known; raises ValueError for an unknown category or a name registered twice."""
    for kind in kinds:
        if kind.category not in CATEGORIES:
            raise ValueError(f"unknown notification category {kind.category!r}")
        if kind.name in _KINDS and _KINDS[kind.name] != kind:
            raise ValueError(f"notification kind {kind.name!r} registered twice")
        _KINDS[kind.name] = kind


def get(name):
    """The registered kind of this name, or None."""
    return _KINDS.get(name)


def all_kinds():
    return dict(_KINDS)
