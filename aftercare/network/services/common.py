"""What every service of the person's own tools starts with: is this hers, and is the input storable."""
from flask_babel import lazy_gettext as _l

from ... import policy
from ...exceptions import NotFound, ValidationFailed


def require_tools(user):
    """Raises NotFound for anyone who does not keep these tools (their pages do not exist for them)."""
    if not policy.can_keep_network_tools(user):
        raise NotFound()


def require_own(user, item):
    """Raises NotFound unless the item is the user's own."""
    if not policy.can_use_network_item(user, item):
        raise NotFound()
    return item


def text(value, limit, field):
    """Trimmed text, or None when empty. Raises ValidationFailed when it is longer than `limit`."""
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(_l("Please keep this under %(count)d characters.", count=limit), field=field)
    return value or None


def one_of(value, allowed, field):
    """A code from `allowed`, or None when nothing was chosen. Raises ValidationFailed otherwise."""
    if value in (None, ""):
        return None
    if value not in allowed:
        raise ValidationFailed(_l("Please choose one of the options."), field=field)
    return value
