"""a quiet match is first a private reminder to the time-giver; a participant may ask for no time-giver
from her own neighbourhood

Revision ID: a7e3f1c2b9d4
Revises: a7e4b2c19d60
Create Date: 2026-12-07 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7e3f1c2b9d4'
down_revision = 'a7e4b2c19d60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('time_giver_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('avoid_own_neighbourhood', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('time_giver_matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quiet_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('quiet_nudged_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('time_giver_matches', schema=None) as batch_op:
        batch_op.drop_column('quiet_nudged_on')
        batch_op.drop_column('quiet_since')
    with op.batch_alter_table('time_giver_requests', schema=None) as batch_op:
        batch_op.drop_column('avoid_own_neighbourhood')
