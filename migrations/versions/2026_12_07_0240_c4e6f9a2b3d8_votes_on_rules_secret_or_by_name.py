"""Votes on rules are secret (counts only) unless the group chose, at creation, to show them by name

Every existing group's votes become secret: the members' names were shown without anyone choosing it.

Revision ID: c4e6f9a2b3d8
Revises: b3d5e8f1a2c7
Create Date: 2026-12-07 02:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e6f9a2b3d8'
down_revision = 'b3d5e8f1a2c7'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: rebuilding the groups table on SQLite would cascade-delete their meetings.
    op.add_column('groups', sa.Column('named_votes', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+), for the same reason.
    op.drop_column('groups', 'named_votes')
