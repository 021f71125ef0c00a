"""Password hashing (argon2id) and the rules a new password must meet."""
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so a miss costs as much time as a hit.
_DUMMY_HASH = _hasher.hash("not a real password")


def hash_password(password):
    return _hasher.hash(password)


def verify_password(password_hash, password):
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def burn_time(password):
    verify_password(_DUMMY_HASH, password)


def needs_rehash(password_hash):
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def common_passwords():
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def password_problem(password, *, username="", display_name=""):
    """Return a user-facing reason the password is not allowed, or None. No composition rules."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.strip().lower()
    if lowered in common_passwords():
        return _l("This password is one of the most common ones and easy to guess. Choose another.")
    if len(set(lowered)) < 3:
        return _l("This password repeats the same few characters. Choose another.")
    for own in (username, display_name):
        if own and own.strip().lower() == lowered:
            return _l("Do not use your user name or display name as your password.")
    return None
