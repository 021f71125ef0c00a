"""The notifications' section of a person's data export."""
from sqlalchemy import select

from ..extensions import db
from ..exports import register_section, row
from .models import Notification


def notifications(user):
    return [row(item) for item in db.session.scalars(select(Notification).where(Notification.user_id == user.id))]


register_section("notifications", notifications)
