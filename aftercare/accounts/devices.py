"""Devices: a short, non-identifying description from the user agent; browsers the person logged in with."""
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"),
             ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "Mac"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def describe(user_agent):
    user_agent = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or "?"


# --- browsers the person has logged in with ---
# A signed cookie with a random id for this browser and the accounts that completed a login in it. Tries
# at those accounts' passwords from here are counted apart from everyone else's (throttle.LOGIN_DEVICE).

TRUSTED_COOKIE = "aftercare_device"
_MAX_ACCOUNTS = 5


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt="trusted-device")


def trusted_device(cookies):
    """(browser id, account ids) from a valid trusted-browser cookie, else None."""
    raw = cookies.get(TRUSTED_COOKIE)
    if not raw or len(raw) > 400:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) \
            or not isinstance(data.get("users"), list):
        return None
    return data["id"], [user_id for user_id in data["users"] if isinstance(user_id, int)]


def device_key(device, user_id):
    """The throttle key of this browser for this account, or None if it has not logged in to it before."""
    if device is None or user_id not in device[1]:
        return None
    return f"{user_id}:{device[0]}"


def remember_device(response, cookies, user_id, is_secure):
    """Add the account to this browser's trusted-browser cookie (after a completed login)."""
    device = trusted_device(cookies)
    browser_id, users = device if device else (secrets.token_urlsafe(16), [])
    users = ([user_id] + [other for other in users if other != user_id])[:_MAX_ACCOUNTS]
    response.set_cookie(TRUSTED_COOKIE, _serializer().dumps({"id": browser_id, "users": users}),
                        max_age=current_app.config["TRUSTED_DEVICE_DAYS"] * 86400, httponly=True,
                        samesite="Lax", secure=bool(current_app.config["SESSION_COOKIE_SECURE"] or is_secure))
    return response
