"""A professional's profession and kind of employer, set by the admin at verification

Shown to a group before it votes on the professional as a guest, with what it means for the duty to
report to child welfare.

Revision ID: 3e8b6a1d5f20
Revises: a7e3f1c2b9d4
Create Date: 2026-12-07 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e8b6a1d5f20'
down_revision = 'a7e3f1c2b9d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('profession', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('employer_kind', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('employer_kind')
        batch_op.drop_column('profession')
