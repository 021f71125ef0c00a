"""Throttles for guessable secrets: a try is reserved atomically before the secret is checked and given
back when it was right, so no burst of parallel guesses, on one process or many, overruns a limit."""
import ipaddress
import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import format_timedelta, lazy_gettext as _l
from limits import parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from .exceptions import ValidationFailed

log = logging.getLogger(__name__)


class TooManyAttempts(ValidationFailed):
    """Refused before the secret was checked; `retry_after` is in seconds."""

    def __init__(self, message, retry_after, field=None):
        super().__init__(message, field=field)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rule:
    """A named limit read from the config; `message(wait)` says what happens and what to do.

    `then` is a slower rule tried when this one is used up: a few more tries, further apart, so that
    guesses by others never shut the real person out for good."""

    name: str
    config_key: str
    message: object
    then: "Rule | None" = None

    def limits(self):
        return parse_many(current_app.config[self.config_key])


def address_key(address):
    """The key for a network address: an IPv6 host controls its whole /64, so that is one address."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


class Limiter:
    """Counts tries in Redis when configured (shared by all processes), in this process otherwise, and in
    this process for as long as Redis is unreachable (logged when that starts and when it ends)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._memory = MemoryStorage()
        self._shared = None
        self._failed_since = None
        self._next_probe = 0.0
        self.enabled = True
        self.probe_seconds = 5

    def init_app(self, app):
        uri = app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"
        self.enabled = app.config.get("RATELIMIT_ENABLED", True)
        self.probe_seconds = app.config.get("RATELIMIT_PROBE_SECONDS", 5)
        self._memory = MemoryStorage()
        self._failed_since = None
        self._shared = None
        if not uri.startswith("memory"):
            # Short timeouts: a store that hangs must not hang the login page.
            self._shared = storage_from_string(uri, wrap_exceptions=True,
                                               key_prefix=app.config.get("RATELIMIT_KEY_PREFIX") or "aftercare",
                                               socket_connect_timeout=0.5, socket_timeout=0.5)
        app.extensions["throttle"] = self

    @property
    def storage(self):
        """The store counting now."""
        return self._shared if self._shared is not None and self._failed_since is None else self._memory

    @property
    def falling_back(self):
        return self._failed_since is not None

    def reset(self):
        """Forget every count (tests)."""
        self._memory.reset()
        if self._shared is not None:
            try:
                self._shared.reset()
            except StorageError:
                pass

    # --- the store, and falling back to this process while it is away ---

    def _fall_back(self, error):
        with self._lock:
            if self._failed_since is None:
                self._failed_since = time.monotonic()
                self._next_probe = self._failed_since + self.probe_seconds
                log.warning("throttle store unreachable (%s): counting tries in this process until it is back",
                            type(getattr(error, "storage_error", error)).__name__)

    def _probe(self):
        """Now and then, one request looks whether the shared store is back."""
        now = time.monotonic()
        with self._lock:
            if self._failed_since is None or now < self._next_probe:
                return
            self._next_probe = now + self.probe_seconds
        try:
            back = self._shared.check()
        except StorageError:
            back = False
        if back:
            with self._lock:
                if self._failed_since is not None:
                    log.warning("throttle store reachable again after %.0f s: counting tries there",
                                now - self._failed_since)
                    self._failed_since = None

    def _run(self, operation):
        """Run `operation(storage)` on the shared store, or on this process's if that is unreachable."""
        if self._shared is not None:
            if self._failed_since is not None:
                self._probe()
            if self._failed_since is None:
                try:
                    return self._shared, operation(self._shared)
                except StorageError as error:
                    self._fall_back(error)
        return self._memory, operation(self._memory)

    # --- reserving and giving back ---

    def _take(self, rule, key, item):
        """Count one try in one window; returns the reservation and the window's count with it."""
        ids = (rule.name, str(key))
        storage, count = self._run(lambda s: s.incr(item.key_for(*ids), item.get_expiry(), amount=1))
        return (storage, item, ids), count

    def _reserve_rule(self, rule, key):
        """Take one try from every window of `rule`: (reservations, 0), or (None, seconds to wait).

        The try that uses a window up also starts `rule.then`'s windows, so the next one waits. If a try
        refused by `rule` got into those windows first (both at the same moment), that one goes ahead and
        this one waits: either way no more than the limit are let through."""
        taken, used_up = [], False
        for item in rule.limits():
            reservation, count = self._take(rule, key, item)
            taken.append(reservation)
            if count > item.amount:
                wait = self._seconds_left(*reservation)
                self._give_back(taken)
                return None, wait
            used_up = used_up or count == item.amount
        if used_up and rule.then is not None:
            for item in rule.then.limits():
                reservation, count = self._take(rule.then, key, item)
                taken.append(reservation)
                if count > item.amount:  # keeps its counts: the limit stays used up, the delay started
                    return None, self._seconds_left(*reservation)
        return taken, 0

    def _seconds_left(self, storage, item, ids):
        try:
            reset = FixedWindowRateLimiter(storage).get_window_stats(item, *ids).reset_time
        except StorageError:
            return item.get_expiry()
        return max(1, int(reset - time.time()) + 1)

    def _give_back(self, taken):
        for storage, item, ids in taken:
            key = item.key_for(*ids)
            try:
                if storage.incr(key, item.get_expiry(), amount=-1) < 0:  # the window ended meanwhile
                    storage.clear(key)
            except StorageError:
                pass  # the store went away: its count is lost anyway

    def reserve(self, rule, key):
        """One try for (rule, key), from `rule.then` when `rule` is used up. Raises TooManyAttempts."""
        reservations, wait = self._reserve_rule(rule, key)
        if reservations is not None:
            return reservations
        if rule.then is not None:
            reservations, later_wait = self._reserve_rule(rule.then, key)
            if reservations is not None:
                return reservations
            wait = min(wait, later_wait)
        raise TooManyAttempts(rule.message(_wait_words(wait)), retry_after=wait)


def _wait_words(seconds):
    """"45 seconds", "1 minute", "15 minutes": whole minutes, rounded up, from three quarters of one."""
    wait = timedelta(seconds=max(seconds, 1)) if seconds < 45 else timedelta(minutes=math.ceil(seconds / 60))
    return format_timedelta(wait, threshold=1.0, add_direction=False)


class Attempt:
    """`with attempt(...) as tries:` reserves a try in every bucket (or raises TooManyAttempts, nothing
    taken); call `tries.succeeded()` when the secret was right and the tries are given back."""

    def __init__(self, limiter, buckets):
        self._limiter = limiter
        self._buckets = [bucket for bucket in buckets if bucket is not None]
        self._taken = []
        self._succeeded = False

    def __enter__(self):
        if not self._limiter.enabled:
            return self
        try:
            for rule, key in self._buckets:
                self._taken.extend(self._limiter.reserve(rule, key))
        except TooManyAttempts:
            self._limiter._give_back(self._taken)
            self._taken = []
            raise
        return self

    def succeeded(self):
        self._succeeded = True

    def __exit__(self, exc_type, exc, tb):
        # A wrong secret, and an error while checking it, both keep their try.
        if self._succeeded and exc_type is None:
            self._limiter._give_back(self._taken)
        return False


def attempt(*buckets):
    """Reserve a try in each (rule, key) bucket; None entries are skipped. See Attempt."""
    return Attempt(current_app.extensions["throttle"], buckets)


# --- the rules: every secret someone could guess, and what the person is told when they are paused ---

_FORGOT = _l("Forgot your password? Ask the person who invited you or a coordinator for help.")

LOGIN_ADDRESS = Rule("login-address", "LOGIN_LIMIT_PER_ADDRESS", lambda wait: _l(
    "There have been too many failed logins from this network, so logging in from here is paused to keep "
    "accounts safe. Try again in %(wait)s.", wait=wait))

# After the account's limit: a few more tries, further apart (the "then" rule).
_LOGIN_RETRY = Rule("login-retry", "LOGIN_RETRY_LIMIT", None)
_LOGIN_DEVICE_RETRY = Rule("login-device-retry", "LOGIN_RETRY_LIMIT", None)
_CODE_RETRY = Rule("login-code-retry", "LOGIN_RETRY_LIMIT", None)
_CODE_DEVICE_RETRY = Rule("login-code-device-retry", "LOGIN_RETRY_LIMIT", None)

# Every browser that has not logged in to the account before shares this one.
LOGIN_ACCOUNT = Rule("login-account", "LOGIN_LIMIT_PER_ACCOUNT", lambda wait: _l(
    "This user name has had many wrong passwords in a short time, so we slow down new tries to keep the "
    "account safe. You can try again in %(wait)s. On a phone or computer where you have logged in to this "
    "account before, you can log in now. %(forgot)s", wait=wait, forgot=_FORGOT), then=_LOGIN_RETRY)

# A browser that has logged in to the account before counts on its own, so guesses from elsewhere
# never lock the person out there.
LOGIN_DEVICE = Rule("login-device", "LOGIN_LIMIT_PER_ACCOUNT", lambda wait: _l(
    "Too many wrong passwords from this browser. You can try again in %(wait)s. %(forgot)s",
    wait=wait, forgot=_FORGOT), then=_LOGIN_DEVICE_RETRY)

_CODE_MESSAGE = lambda wait: _l(  # noqa: E731
    "Too many wrong codes, so we slow down new tries to keep your account safe. You can try again in "
    "%(wait)s. Then check that your phone sets its clock automatically, or use one of your recovery codes.",
    wait=wait)
LOGIN_CODE = Rule("login-code", "TWO_FACTOR_LIMIT_PER_ACCOUNT", _CODE_MESSAGE, then=_CODE_RETRY)
LOGIN_CODE_DEVICE = Rule("login-code-device", "TWO_FACTOR_LIMIT_PER_ACCOUNT", _CODE_MESSAGE,
                         then=_CODE_DEVICE_RETRY)

# A signed-in person confirming a change with their password (and code): against a borrowed phone.
CONFIRM = Rule("confirm", "CONFIRM_LIMIT_PER_ACCOUNT", lambda wait: _l(
    "Too many wrong tries. You can try again in %(wait)s.", wait=wait))

# Referral codes and invitation links are one kind of secret: a referral code works in either address.
REFERRAL_CODE = Rule("invitation-code", "REFERRAL_CODE_LIMIT", lambda wait: _l(
    "Too many wrong referral codes from this network. Try again in %(wait)s. Check each character, or ask "
    "the person who gave you the code for a new one.", wait=wait))
INVITATION_LINK = Rule("invitation-code", "REFERRAL_CODE_LIMIT", lambda wait: _l(
    "Too many invitation links that do not work from this network. Try again in %(wait)s, or ask the person "
    "who invited you for a new link.", wait=wait))

# "This user name is taken" tells whether an account exists: a few answers per invitation and address.
_NAMES_MESSAGE = lambda wait: _l(  # noqa: E731
    "You have tried many user names that are taken, so choosing a name is paused for a while. Try again in "
    "%(wait)s, with a more unusual name, for example with a few digits.", wait=wait)
USERNAME_ADDRESS = Rule("username-address", "USERNAME_CHECK_LIMIT_PER_ADDRESS", _NAMES_MESSAGE)
USERNAME_INVITATION = Rule("username-invitation", "USERNAME_CHECK_LIMIT_PER_INVITATION", _NAMES_MESSAGE)

# "Forgot your password?": every request counts, whatever was typed, since the answer never says whether an
# account exists. Per network address, and per user name or e-mail address typed (against mail bombing).
_RESET_MESSAGE = lambda wait: _l(  # noqa: E731
    "Many links for a new password have been asked for in a short time, so asking is paused. Try again in "
    "%(wait)s, or ask a coordinator to make a link for you.", wait=wait)
PASSWORD_RESET_ADDRESS = Rule("reset-address", "PASSWORD_RESET_LIMIT_PER_ADDRESS", _RESET_MESSAGE)
PASSWORD_RESET_ACCOUNT = Rule("reset-account", "PASSWORD_RESET_LIMIT_PER_ACCOUNT", _RESET_MESSAGE)

# Links that carry a secret (invitations, referral codes, new-password links) share one count per address.
RESET_LINK = Rule("invitation-code", "REFERRAL_CODE_LIMIT", lambda wait: _l(
    "Too many links that do not work from this network. Try again in %(wait)s, or ask for a new link.",
    wait=wait))

# Confirmation mails to a new address, per person: nobody uses the site to flood someone else's inbox.
VERIFY_MAIL = Rule("verify-mail", "PASSWORD_RESET_LIMIT_PER_ACCOUNT", lambda wait: _l(
    "Several confirmation mails have been sent in a short time. Try again in %(wait)s.", wait=wait))
