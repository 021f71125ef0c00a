"""chat messages carry the meeting they were posted in (what a guest professional reads)

Revision ID: c28c26e5a7a8
Revises: d8de918ad343
Create Date: 2026-12-07 01:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c28c26e5a7a8'
down_revision = 'd8de918ad343'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('chat_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_chat_messages_meeting_id_meetings'), 'meetings', ['meeting_id'],
                                    ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_chat_messages_meeting', ['meeting_id'], unique=False)


def downgrade():
    with op.batch_alter_table('chat_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_chat_messages_meeting')
        batch_op.drop_constraint(batch_op.f('fk_chat_messages_meeting_id_meetings'), type_='foreignkey')
        batch_op.drop_column('meeting_id')
