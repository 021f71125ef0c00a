"""A volunteer says how the coordinators may contact them

Revision ID: 746a740344fc
Revises: 0ade7bc42f2e
Create Date: 2026-12-07 21:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '746a740344fc'
down_revision = '0ade7bc42f2e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('time_givers') as batch:
        batch.add_column(sa.Column('contact_for_coordinators', sa.String(length=200), server_default='',
                                   nullable=False))


def downgrade():
    with op.batch_alter_table('time_givers') as batch:
        batch.drop_column('contact_for_coordinators')
