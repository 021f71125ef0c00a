"""A group has its own language, chosen at creation

The template rules, the calendar's texts and the system's texts in the group's logs followed the
interface language of whoever created the group or asked for the feed. Existing groups get bokmål, the
language of the groups this platform serves.

Revision ID: d5f7a0b3c4e9
Revises: c4e6f9a2b3d8
Create Date: 2026-12-07 02:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f7a0b3c4e9'
down_revision = 'c4e6f9a2b3d8'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: rebuilding the groups table on SQLite would cascade-delete their meetings.
    op.add_column('groups', sa.Column('language', sa.String(length=5), server_default='nb', nullable=False))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+), for the same reason.
    op.drop_column('groups', 'language')
