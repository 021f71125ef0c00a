"""Making the site's VAPID key pair: `python -m aftercare.notifications.vapid` prints a new private and
public key (base64url), one a line, in the form VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY take."""
import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def generate():
    """(private, public): the raw private number and the uncompressed public point, base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return _b64(key.private_numbers().private_value.to_bytes(32, "big")), _b64(public)


if __name__ == "__main__":
    print("\n".join(generate()))
