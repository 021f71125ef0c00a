"""Free text of the person's own tools, encrypted at rest with keys from the environment.

NETWORK_ENCRYPTION_KEYS holds one or more Fernet keys separated by commas; the first encrypts, all of
them decrypt. To rotate: put a new key first, keep the old ones after it, restart, run
`flask network rekey` (every stored text is encrypted again with the first key), then drop the old keys.
Without the setting a key is derived from SECRET_KEY, so a changed SECRET_KEY would make the texts
unreadable: production sets the keys explicitly (deploy/env.example)."""
import base64
import json
import os

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import Text, TypeDecorator

SETTING = "NETWORK_ENCRYPTION_KEYS"


def _derived_key(secret):
    secret = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"aftercare.network.at-rest").derive(secret)
    return base64.urlsafe_b64encode(key)


def configured_keys():
    """The keys in order (first encrypts); from the app's config or the environment, else derived."""
    raw = current_app.config.get(SETTING) or os.environ.get(SETTING) or ""
    keys = [key.strip().encode() for key in raw.split(",") if key.strip()]
    return keys or [_derived_key(current_app.config["SECRET_KEY"])]


def _cipher():
    return MultiFernet([Fernet(key) for key in configured_keys()])


def encrypt(text):
    return _cipher().encrypt(text.encode()).decode()


def decrypt(token):
    return _cipher().decrypt(token.encode()).decode()


def rotate(token):
    """The same text, encrypted with the first key."""
    return _cipher().rotate(token.encode()).decode()


class Sealed(str):
    """A token that is encrypted already and is stored as it is (rotation writes these)."""


class EncryptedText(TypeDecorator):
    """A text column stored as a Fernet token; an empty text is stored as NULL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, Sealed):
            return str(value)
        if value is None or value == "":
            return None
        return encrypt(str(value))

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value)


class EncryptedJSON(TypeDecorator):
    """A JSON-ready value stored as one Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, Sealed):
            return str(value)
        return None if value is None else encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(decrypt(value))
