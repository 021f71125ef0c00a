"""Signals between domains, so that one domain can react to another without importing it."""
from blinker import Namespace

_signals = Namespace()

# Sent with the user just before their account is deleted (same transaction): free what they hold.
account_deleting = _signals.signal("account-deleting")
