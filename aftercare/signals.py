"""Signals between domains, so that one domain can react to another without importing it."""
from blinker import Namespace

_signals = Namespace()

# Sent with the user just before their account is deleted (same transaction): free what they hold.
account_deleting = _signals.signal("account-deleting")

# Sent with public_ids after those login sessions ended (committed): logged out, "log out my other
# devices", a password change, an admin disabling the account, idle too long (then with idle=True).
# Open sockets of them close; the devices' pushes end unless the login merely went idle.
logins_ended = _signals.signal("logins-ended")

# Sent with the new user and the invitation they used, inside registration's transaction (flush only;
# registration commits): a referral's invitation hands the referral to its new owner.
invitation_redeemed = _signals.signal("invitation-redeemed")

# Sent with a group just created, inside its creation's transaction (flush only; the creating service
# commits): the group's chat channel is created with it.
group_created = _signals.signal("group-created")
