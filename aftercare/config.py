"""Configuration read from environment variables."""
import os
from datetime import timedelta


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Production-leaning defaults; every secret and address comes from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None means: a SQLite file in the instance folder (filled in by create_app).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Socket.IO's message queue between processes; the same Redis by default.
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or REDIS_URL
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # PostgreSQL connections each process keeps open, and how many more it may open in a burst. One
    # gevent process serves thousands of sockets, so connections made and dropped in bursts would cost
    # more than the work itself; keep processes × (both) under the server's max_connections. A request
    # holds its connection to its end, mostly waiting its turn for the process's CPU: more connections than
    # the database's cores serve add no throughput. Requests beyond them wait in line, first come first
    # served (database.FairQueuePool), for up to DATABASE_POOL_TIMEOUT seconds.
    DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "20"))
    DATABASE_MAX_OVERFLOW = int(os.environ.get("DATABASE_MAX_OVERFLOW", "5"))
    DATABASE_AUTOCOMMIT_POOL_SIZE = int(os.environ.get("DATABASE_AUTOCOMMIT_POOL_SIZE", "10"))
    # A database that is down must fail fast: seconds to connect (at least 2), to wait for a pooled
    # connection, and the send path's cap per statement (it answers within two seconds whatever is down).
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
    DATABASE_POOL_TIMEOUT = float(os.environ.get("DATABASE_POOL_TIMEOUT", "5"))
    DATABASE_SEND_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_SEND_STATEMENT_TIMEOUT_MS", "1500"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Forced on when set; otherwise the cookie is Secure whenever the request came over HTTPS.
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    # A login that sees no request for this long is ended.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    WTF_CSRF_TIME_LIMIT = None  # tied to the login session instead of a clock

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("en", "nb")

    RATELIMIT_ENABLED = True
    # Where tries at secrets are counted: Redis (shared by every process) when set, else this process.
    # While Redis is unreachable each process counts on its own and says so in the log.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or None
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "aftercare")  # when deployments share a Redis
    # While Redis is unreachable, how often (seconds) one request looks whether it is back.
    RATELIMIT_PROBE_SECONDS = float(os.environ.get("RATELIMIT_PROBE_SECONDS", "5"))
    # Each try is counted before the secret is checked and given back when it was right, so parallel
    # guesses cannot exceed these. Several windows may be given, separated by ";".
    # Failed logins allowed per address (any user name), strictly.
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes")
    # Wrong passwords allowed per user name from browsers that have not logged in to it before, together,
    # and from each browser that has, on its own (so guesses by others never lock the person out there).
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    # Once that is used up: the few further tries allowed, further apart (a short delay that grows).
    LOGIN_RETRY_LIMIT = os.environ.get("LOGIN_RETRY_LIMIT", "1 per 1 minute; 3 per 15 minutes")
    # How long a browser counts as one the person logged in with.
    TRUSTED_DEVICE_DAYS = int(os.environ.get("TRUSTED_DEVICE_DAYS", "180"))
    # Wrong two-factor codes allowed per account (and per browser that logged in before); then as above.
    TWO_FACTOR_LIMIT_PER_ACCOUNT = os.environ.get("TWO_FACTOR_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    TWO_FACTOR_PENDING_SECONDS = int(os.environ.get("TWO_FACTOR_PENDING_SECONDS", "300"))
    # Wrong passwords or codes a signed-in person may give when confirming a change (password, two-factor).
    CONFIRM_LIMIT_PER_ACCOUNT = os.environ.get("CONFIRM_LIMIT_PER_ACCOUNT", "5 per 15 minutes")

    INVITATION_DAYS = 7
    # Wrong referral codes and invitation links allowed per address before a pause (against guessing).
    REFERRAL_CODE_LIMIT = os.environ.get("REFERRAL_CODE_LIMIT", "10 per 15 minutes")
    # "This user name is taken" answers at registration, per address and per invitation.
    USERNAME_CHECK_LIMIT_PER_ADDRESS = os.environ.get("USERNAME_CHECK_LIMIT_PER_ADDRESS",
                                                      "10 per 15 minutes; 30 per 1 day")
    USERNAME_CHECK_LIMIT_PER_INVITATION = os.environ.get("USERNAME_CHECK_LIMIT_PER_INVITATION",
                                                         "5 per 15 minutes; 10 per 1 day")
    # Messages one person may post across all chats.
    CHAT_RATE_LIMIT = os.environ.get("CHAT_RATE_LIMIT", "20 per minute")
    # How often each process checks its open sockets for access that has ended (seconds).
    CHAT_SWEEP_SECONDS = int(os.environ.get("CHAT_SWEEP_SECONDS", "30"))
    # Readers ask every few seconds for their channel's last sequence number; each process reads it from
    # the database at most this often per channel.
    CHAT_LATEST_SEQ_CACHE_SECONDS = float(os.environ.get("CHAT_LATEST_SEQ_CACHE_SECONDS", "1"))
    # `flask purge-expired` deletes expired chat messages this many at a time, each batch committed on its
    # own, pausing this long (seconds) between batches so that posts (and, on SQLite, every write) get in.
    CHAT_PURGE_BATCH_SIZE = int(os.environ.get("CHAT_PURGE_BATCH_SIZE", "2000"))
    CHAT_PURGE_PAUSE_SECONDS = float(os.environ.get("CHAT_PURGE_PAUSE_SECONDS", "0.02"))

    # E-mail over SMTP (Flask-Mailman). With no MAIL_SERVER, every e-mail feature is hidden.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER") or None
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    # Where the site is reached, for links in mail sent outside a request (the daily digest).
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or None
    EMAIL_VERIFY_HOURS = int(os.environ.get("EMAIL_VERIFY_HOURS", "48"))
    # A reset link mailed to the person, and one a coordinator or admin hands over in person.
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
    PASSWORD_RESET_ISSUED_HOURS = int(os.environ.get("PASSWORD_RESET_ISSUED_HOURS", "24"))
    # "Forgot your password?" requests, every one counted: per address, and per name or address typed.
    PASSWORD_RESET_LIMIT_PER_ADDRESS = os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS",
                                                      "5 per 15 minutes; 20 per 1 day")
    PASSWORD_RESET_LIMIT_PER_ACCOUNT = os.environ.get("PASSWORD_RESET_LIMIT_PER_ACCOUNT", "3 per 1 hour")
    # Web Push: the site's VAPID key pair (base64url: the raw private number and the uncompressed public
    # point) and the contact the push services may write to. Without keys, pushes are not offered.
    VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY") or None
    VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY") or None
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT") or "mailto:admin@localhost"
    # The push services a browser's subscription may point at (host suffixes); the server sends there.
    WEB_PUSH_HOSTS = os.environ.get("WEB_PUSH_HOSTS", "fcm.googleapis.com,push.services.mozilla.com,"
                                                      "notify.windows.com,push.apple.com")
    WEB_PUSH_ALLOW_HTTP = False
    # Each app process sends pushes from a greenlet; turn it off when `flask send-notifications` runs as a
    # unit of its own. Seconds between the sender's rounds, and how long a claimed row stays its.
    NOTIFICATION_SENDER_IN_PROCESS = _bool("NOTIFICATION_SENDER_IN_PROCESS", True)
    NOTIFICATION_SEND_SECONDS = float(os.environ.get("NOTIFICATION_SEND_SECONDS", "5"))
    NOTIFICATION_CLAIM_SECONDS = int(os.environ.get("NOTIFICATION_CLAIM_SECONDS", "120"))
    # Pages without a chat connection ask for the count of new notifications this often (seconds).
    NOTIFICATION_POLL_SECONDS = int(os.environ.get("NOTIFICATION_POLL_SECONDS", "30"))

    TESTING = False
    DEBUG = False


class TestConfig(Config):
    """Used by the test suite: a real database chosen by TEST_DATABASE_URL, SQLite otherwise."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL")
    REDIS_URL = os.environ.get("TEST_REDIS_URL") or None
    # Flask-SocketIO's test client works without a queue; the queue itself is tested with two real
    # processes (tests/chat/test_scale_out.py).
    SOCKETIO_MESSAGE_QUEUE = None
    CHAT_LATEST_SEQ_CACHE_SECONDS = 0  # tables are emptied between tests, and ids come back
    # Tests that exercise CSRF switch it back on for themselves.
    WTF_CSRF_ENABLED = False
    SERVER_NAME = None
    # No mail is sent in tests unless a test starts its own SMTP server and points these at it.
    MAIL_SERVER = None
    PUBLIC_URL = None
