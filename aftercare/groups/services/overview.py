"""What the list of a person's groups shows beside each group: its chat and how much is new there."""
from sqlalchemy import func, literal, select

from ...extensions import db

__all__ = ["UNREAD_COUNTED_UP_TO", "group_channel_ids", "unread_up_to"]

# The list says "99+" beyond this: counting further would read the whole backlog of a busy chat.
UNREAD_COUNTED_UP_TO = 99


def group_channel_ids(groups):
    """{group id: its chat channel's id}, in one query (every group has its channel from its creation)."""
    from ...chat.models import Channel

    return dict(db.session.execute(select(Channel.group_id, Channel.id)
                                   .where(Channel.group_id.in_([group.id for group in groups]))).all())


def unread_up_to(user, channel_ids, limit=UNREAD_COUNTED_UP_TO):
    """{channel id: messages by others after the user's read marker, counted up to limit + 1}, in one
    statement that reads at most limit + 1 index entries per channel whatever the backlog."""
    from ...chat.models import Message, ReadMarker

    channel_ids = list(channel_ids)
    if not channel_ids:
        return {}
    columns = []
    for channel_id in channel_ids:
        read = (select(ReadMarker.last_read_seq)
                .where(ReadMarker.user_id == user.id, ReadMarker.channel_id == channel_id).scalar_subquery())
        newer = (select(literal(1)).select_from(Message)
                 .where(Message.channel_id == channel_id, Message.seq > func.coalesce(read, 0),
                        Message.author_id.is_distinct_from(user.id), Message.hidden_at.is_(None))
                 .limit(limit + 1).subquery())
        columns.append(select(func.count()).select_from(newer).scalar_subquery())
    return dict(zip(channel_ids, db.session.execute(select(*columns)).one()))
