"""Platform-wide content: the helplines shown on the "Need help now?" page."""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime
from ..timeutil import utcnow


class Helpline(db.Model):
    __tablename__ = "helplines"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    name_en: Mapped[str] = mapped_column(String(120))
    name_nb: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(30))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_nb: Mapped[str] = mapped_column(Text, default="")
    # True until an admin edits the entry: the page says these are defaults to check.
    is_default: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def name(self, locale):
        return self.name_nb if locale == "nb" else self.name_en

    def description(self, locale):
        return self.description_nb if locale == "nb" else self.description_en

    @property
    def tel_uri(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

