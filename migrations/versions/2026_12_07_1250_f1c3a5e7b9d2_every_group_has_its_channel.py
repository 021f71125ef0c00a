"""Every group has its chat channel: a group's channel is created with the group, so no page creates it

Revision ID: f1c3a5e7b9d2
Revises: f7b9c2d5e6a1
Create Date: 2026-12-07 12:00:00.000000

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1c3a5e7b9d2'
down_revision = 'f7b9c2d5e6a1'
branch_labels = None
depends_on = None


def upgrade():
    groups = sa.table('groups', sa.column('id', sa.Integer))
    channels = sa.table('chat_channels', sa.column('kind', sa.String), sa.column('group_id', sa.Integer),
                        sa.column('last_seq', sa.Integer), sa.column('paused', sa.Boolean),
                        sa.column('slow_mode_seconds', sa.Integer), sa.column('created_at', sa.DateTime(timezone=True)))
    connection = op.get_bind()
    missing = connection.execute(
        sa.select(groups.c.id).where(~sa.exists().where(channels.c.group_id == groups.c.id))
        .order_by(groups.c.id)).scalars().all()
    now = datetime.now(timezone.utc)
    if missing:
        connection.execute(channels.insert(), [
            {'kind': 'group', 'group_id': group_id, 'last_seq': 0, 'paused': False, 'slow_mode_seconds': 0,
             'created_at': now} for group_id in missing])


def downgrade():
    # The channels created here cannot be told apart from those opened by a page; they stay.
    pass
