"""Plan steps remember the date their owner was last reminded of

Revision ID: a9d4c6e8f0b2
Revises: f1c3a5e7b9d2
Create Date: 2026-12-07 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9d4c6e8f0b2'
down_revision = 'f1c3a5e7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_steps') as batch:
        batch.add_column(sa.Column('reminded_for', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('plan_steps') as batch:
        batch.drop_column('reminded_for')
