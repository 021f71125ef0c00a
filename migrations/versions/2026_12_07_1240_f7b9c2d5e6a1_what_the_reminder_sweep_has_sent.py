"""What the reminder sweep has sent: meeting reminders, feedback and log notices, check-ins, certificate warnings
and the chat's "new messages while away"

Revision ID: f7b9c2d5e6a1
Revises: f7b9c2d6e1a3
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'f7b9c2d5e6a1'
down_revision = 'f7b9c2d6e1a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings') as batch:
        batch.add_column(sa.Column('day_reminder_for', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('hour_reminder_for', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('feedback_announced_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('log_reminder_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('time_giver_matches') as batch:
        batch.add_column(sa.Column('check_in_announced_for', sa.Date(), nullable=True))
    with op.batch_alter_table('time_givers') as batch:
        batch.add_column(sa.Column('certificate_warned_for', sa.Date(), nullable=True))
    with op.batch_alter_table('chat_read_markers') as batch:
        batch.add_column(sa.Column('away_notified_seq', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('chat_read_markers') as batch:
        batch.drop_column('away_notified_seq')
    with op.batch_alter_table('time_givers') as batch:
        batch.drop_column('certificate_warned_for')
    with op.batch_alter_table('time_giver_matches') as batch:
        batch.drop_column('check_in_announced_for')
    with op.batch_alter_table('meetings') as batch:
        for name in ('log_reminder_at', 'feedback_announced_at', 'hour_reminder_for', 'day_reminder_for'):
            batch.drop_column(name)
