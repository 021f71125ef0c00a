"""Devices: a short, non-identifying description from the user agent; browsers the person logged in with."""
import secrets

import ua_parser
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

# The User-Agent is read by ua-parser (uap-core's rules, kept up to date in ua-parser-builtins); its names are
# then put into the few words the devices page shows. Only the kind of browser and system is kept, never a
# version or a phone's model. iPadOS Safari sends a Mac's User-Agent, so such an iPad shows as "Mac".
_BROWSERS = {"Mobile Safari": "Safari", "Mobile Safari UI/WKWebView": "Safari", "Safari": "Safari",
             "Chrome": "Chrome", "Chrome Mobile": "Chrome", "Chrome Mobile iOS": "Chrome",
             "Chrome Mobile WebView": "Chrome", "HeadlessChrome": "Chrome", "Chromium": "Chromium",
             "Firefox": "Firefox", "Firefox Mobile": "Firefox", "Firefox iOS": "Firefox", "Firefox Beta": "Firefox",
             "Firefox Focus": "Firefox", "Edge": "Edge", "Edge Mobile": "Edge", "Opera": "Opera",
             "Opera Mobile": "Opera", "Opera Mini": "Opera", "Opera Touch": "Opera",
             "Samsung Internet": "Samsung Internet"}
_SYSTEMS = {"Mac OS X": "Mac", "Chrome OS": "ChromeOS", "Android": "Android", "Windows": "Windows",
            "Linux": "Linux", "Ubuntu": "Linux", "Kubuntu": "Linux", "Debian": "Linux", "Fedora": "Linux",
            "Red Hat": "Linux", "CentOS": "Linux", "Arch Linux": "Linux", "Linux Mint": "Linux",
            "openSUSE": "Linux", "Gentoo": "Linux", "Mageia": "Linux", "Slackware": "Linux"}
_APPLE_DEVICES = ("iPhone", "iPad", "iPod")
_LONGEST_READ = 512  # a real User-Agent is shorter; the parser's rules take longer on a very long one


def _browser(parsed):
    family = parsed.user_agent.family if parsed.user_agent else "Other"
    if family == "Other":
        return ""
    if family in _BROWSERS:
        return _BROWSERS[family]
    return family.removesuffix(" Mobile").removesuffix(" iOS")  # e.g. "DuckDuckGo Mobile", "Vivaldi"


def _system(parsed):
    family = parsed.os.family if parsed.os else "Other"
    if family == "iOS":
        device = parsed.device.family if parsed.device else ""
        return device if device in _APPLE_DEVICES else "iOS"
    if family.startswith("Windows") and family != "Windows Phone":
        return "Windows"
    if family == "Other":
        return ""
    return _SYSTEMS.get(family, family)


def describe(user_agent):
    """The browser and system, as in "Chrome · iPhone"; the one of them that is known alone; else "?"."""
    parsed = ua_parser.parse((user_agent or "")[:_LONGEST_READ])
    browser, system = _browser(parsed), _system(parsed)
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
