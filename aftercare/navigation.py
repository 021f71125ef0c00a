"""Where to send people after a form: only paths on this site are followed."""
from urllib.parse import urlsplit


def safe_next(target):
    """Return `target` when it is a same-site path, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
