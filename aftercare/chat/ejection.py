"""Ejecting sockets: other domains call this when someone's access to a channel may have ended."""
from sqlalchemy import select

from ..extensions import db
from .models import Channel


def access_changed(group, user_id=None):
    """Eject, on every process, the sockets in the group's channel that may no longer read it."""
    from . import broadcast

    channel_id = db.session.scalar(select(Channel.id).where(Channel.group_id == group.id))
    if channel_id is not None:
        broadcast.eject_without_access(channel_id)
