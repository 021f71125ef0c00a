"""How the group decides is itself a proposal

A leader could switch between majority and no objection (and its days) alone in Settings. That is now a
proposal of kind 'method', decided by the group's current way of deciding.

Revision ID: b3d5e8f1a2c7
Revises: 3e8b6a1d5f20
Create Date: 2026-12-07 02:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3d5e8f1a2c7'
down_revision = '3e8b6a1d5f20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('group_rule_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_method', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('new_objection_days', sa.Integer(), nullable=True))
        batch_op.drop_constraint(op.f('ck_group_rule_proposals_kind'), type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('add', 'change', 'remove', 'method')")


def downgrade():
    op.execute("DELETE FROM group_rule_proposals WHERE kind = 'method'")
    with op.batch_alter_table('group_rule_proposals', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_group_rule_proposals_kind'), type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('add', 'change', 'remove')")
        batch_op.drop_column('new_objection_days')
        batch_op.drop_column('new_method')
