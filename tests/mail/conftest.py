"""Every test here talks to a real SMTP server on loopback; the app is pointed at it for the test."""
import pytest

from .smtp import SMTPServer


@pytest.fixture
def smtp(app):
    """The inbox of an SMTP server the app sends to during this test."""
    with SMTPServer() as server:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False,
                          MAIL_DEFAULT_SENDER="Aftercare <aftercare@example.org>")
        yield server.inbox
