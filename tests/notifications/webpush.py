"""The far side of Web Push, for tests: the site's VAPID keys, a browser's subscription keys, and a push
service on loopback that records what it receives, decrypts it with the browser's keys and checks the
VAPID signature, as a real push service and browser would."""
import base64
import http.server
import json
import os
import threading
import time
from dataclasses import dataclass, field

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _public_point(key):
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def vapid_keys():
    """(private, public) as the environment holds them: the raw private number and the public point."""
    key = ec.generate_private_key(ec.SECP256R1())
    return b64(key.private_numbers().private_value.to_bytes(32, "big")), b64(_public_point(key))


@dataclass
class Browser:
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret."""

    key: object = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def keys(self):
        return {"p256dh": b64(_public_point(self.key)), "auth": b64(self.auth)}

    def decrypt(self, body):
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


def vapid_claims(authorization, public_key):
    """Check the `vapid t=…,k=…` header's signature against the site's public key; return its claims."""
    scheme, _, rest = authorization.partition(" ")
    assert scheme == "vapid"
    parts = dict(item.split("=", 1) for item in rest.split(","))
    assert parts["k"] == public_key
    header, claims, signature = parts["t"].split(".")
    raw = unb64(signature)
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(public_key))
    point.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
                 f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises when forged
    assert json.loads(unb64(header)) == {"typ": "JWT", "alg": "ES256"}
    return json.loads(unb64(claims))


class PushService:
    """A push service on 127.0.0.1 in a thread. `answer(path)` gives the status for a request (201 unless
    changed); `on_request(received)` runs before answering."""

    def __init__(self):
        self.received = []
        self.answer = lambda path: 201
        self.on_request = None
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                item = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                service.received.append(item)
                if service.on_request is not None:
                    service.on_request(item)
                try:
                    self.send_response(service.answer(self.path))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender is gone (a test killed it)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count, seconds=60):
        deadline = time.time() + seconds
        while len(self.received) < count:
            assert time.time() < deadline, f"{len(self.received)} of {count} pushes arrived"
            time.sleep(0.05)
