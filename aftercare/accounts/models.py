"""Accounts: people, their account kinds, their logins and the invitations that let them in."""
import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Enum, ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from flask_login import UserMixin

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class Role(str, enum.Enum):
    """Account kinds from the domain; one person may hold several."""

    PARTICIPANT = "participant"
    TIME_GIVER = "time_giver"
    COORDINATOR = "coordinator"
    PROFESSIONAL = "professional"
    # Coordinates the network councils a main person asks them to, and nothing else on the platform.
    COUNCIL_COORDINATOR = "council_coordinator"
    ADMIN = "admin"


ROLE_ENUM = Enum(Role, name="account_role", values_callable=lambda e: [m.value for m in e],
                 native_enum=False, length=20, validate_strings=True)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Login name, stored lower-case; never shown to other people.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    # What other people see: a pseudonym the person chose.
    display_name: Mapped[str] = mapped_column(String(60))
    # Optional and private: shown to nobody but the person.
    real_name: Mapped[Optional[str]] = mapped_column(String(120))
    phone: Mapped[Optional[str]] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[Optional[str]] = mapped_column(String(8))
    is_disabled: Mapped[bool] = mapped_column(default=False)
    professional_verified_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # Set by the admin at verification and shown to a group before it votes on this professional as a
    # guest (members must know who in the room may have a duty to report).
    profession: Mapped[Optional[str]] = mapped_column(String(80))
    employer_kind: Mapped[Optional[str]] = mapped_column(String(20))
    # A council coordinator's organisation, set by the admin when verifying them; shown to a main person
    # before she chooses them. Without it the account coordinates no council.
    organisation: Mapped[Optional[str]] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Two-factor sign-in (TOTP). The secret is never shown again after enrolment, not even to admins.
    totp_secret: Mapped[Optional[str]] = mapped_column(String(64))
    totp_enabled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # The last accepted 30-second time step: a code from it or an older one is refused (replay).
    totp_last_step: Mapped[Optional[int]] = mapped_column(BigInteger())
    # Unused: the enrolment page keeps the key it offers in the browser's session (sealed) until it is
    # confirmed, and never stores it here. Left for a migration to drop.
    totp_pending_secret: Mapped[Optional[str]] = mapped_column(String(64))
    # Optional and private: used only for what the person turned on (a daily digest) and for resetting a
    # forgotten password, and only once verified by a link. Stored lower-case.
    email: Mapped[Optional[str]] = mapped_column(String(254), index=True)
    email_verified_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # The language the person used when adding the address, for mail when they chose none in settings.
    email_locale: Mapped[Optional[str]] = mapped_column(String(8))
    email_digest: Mapped[bool] = mapped_column(default=False, server_default=false())

    @property
    def verified_email(self):
        """The address, once verified; else None."""
        return self.email if self.email and self.email_verified_at is not None else None

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin")
    login_sessions: Mapped[list["LoginSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True)
    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)

    @property
    def roles(self):
        return frozenset(row.role for row in self.role_rows)

    @property
    def has_two_factor(self):
        return self.totp_enabled_at is not None and bool(self.totp_secret)

    def has_role(self, role):
        return Role(role) in self.roles

    @property
    def is_active(self):
        return not self.is_disabled

    # Flask-Login asks get_id() for what it keeps in the cookie session; see LoginSession.
    _login_session_id = None

    def get_id(self):
        return self._login_session_id

    def __repr__(self):
        return f"<User {self.id} {self.username}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(ROLE_ENUM)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_rows")


class LoginSession(db.Model):
    """One signed-in device. Its random public id is what the cookie holds, so ending it ends the login."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_user_active", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # A short description of the device ("Chrome on Android"), not the full user agent.
    device: Mapped[str] = mapped_column(String(80), default="")

    user: Mapped[User] = relationship(back_populates="login_sessions")


class RecoveryCode(db.Model):
    """A single-use code that replaces an authenticator code; only a salted hash is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())


class Invitation(db.Model):
    """A single-use, expiring invitation to register. Only a hash of its token is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Account kinds the new account gets, comma-separated Role values.
    roles_csv: Mapped[str] = mapped_column(String(120))
    # A private label for the inviter ("for the Tuesday group"), never shown to the invitee.
    label: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    used_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    @property
    def roles(self):
        return [Role(value) for value in self.roles_csv.split(",") if value]

    def status(self, now=None):
        now = now or utcnow()
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "open"


class PasswordReset(db.Model):
    """A single-use, expiring link to set a new password: mailed to the person's verified address, or made by a
    coordinator or an admin and handed over in person. Only a hash of its token is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Who made it for the person; None when the person asked for it by e-mail.
    issued_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when the link was used, or replaced by a newer one.
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
