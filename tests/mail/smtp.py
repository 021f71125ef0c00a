"""A real SMTP server for tests (aiosmtpd) on a free loopback port, keeping what it receives."""
import email
import email.policy
import re
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the server received: (recipients, parsed message) pairs, in order."""

    def __init__(self):
        self.messages = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append((list(envelope.rcpt_tos), message))
            self._arrived.notify_all()
        return "250 Message accepted"

    def wait_for(self, count, timeout=15):
        """Block until `count` messages have arrived (mail sent in the background); returns them."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
            assert len(self.messages) >= count, f"expected {count} mail(s), got {len(self.messages)}"
            return list(self.messages)

    def to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, path_part):
    """The first link in the mail's text whose path contains `path_part`."""
    match = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", body_of(message))
    assert match, f"no link with {path_part!r} in the mail"
    return match.group(0)


class SMTPServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()
