"""A notification names what it is about, so acting on that thing takes it out of "new"

Revision ID: e6a8b1c4d5f0
Revises: d5f7a0b3c4e9
Create Date: 2026-12-07 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6a8b1c4d5f0'
down_revision = 'd5f7a0b3c4e9'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('notifications', sa.Column('about', sa.String(length=80), nullable=True))
    op.create_index('ix_notifications_user_about', 'notifications', ['user_id', 'about'])


def downgrade():
    op.drop_index('ix_notifications_user_about', table_name='notifications')
    op.drop_column('notifications', 'about')
