"""A referral: an invitation a verified professional made for one person, with an optional note."""
from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Invitation
from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class Referral(db.Model):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The invitation holds the hash of the code, its expiry and its single use.
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"), unique=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What the person wants (a group, a time-giver), for the coordinator. Cleared when the owner deletes it.
    note: Mapped[Optional[str]] = mapped_column(Text)
    wants: Mapped[str] = mapped_column(String(20), default="")
    # The person who redeemed it; from then on they own it.
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # "Let my referrer know I started": the only thing the professional can ever learn.
    tell_referrer: Mapped[bool] = mapped_column(default=False)

    invitation: Mapped[Invitation] = relationship(lazy="joined")

    def status_for_referrer(self, now=None):
        """What the professional sees: 'used' only with the owner's consent; otherwise the invitation's
        own clock, so a quiet redemption looks exactly like an unused code."""
        if self.tell_referrer and self.invitation.used_at is not None:
            return "used"
        if self.invitation.expires_at <= (now or utcnow()) or self.invitation.revoked_at is not None:
            return "expired"
        return "open"
