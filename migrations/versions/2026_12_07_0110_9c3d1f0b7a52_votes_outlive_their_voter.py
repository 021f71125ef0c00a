"""A rule vote outlives its voter's account, and a decided proposal keeps its member count

Deleting an account used to delete its votes, so a proposal adopted with three yes votes of five members
later read "Yes: 2 · Members: 4 · Adopted". The vote now stays without its voter (user_id NULL), and the
number of members at the decision is kept with the proposal.

Revision ID: 9c3d1f0b7a52
Revises: 5b7e2c9a41d3
Create Date: 2026-12-07 01:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c3d1f0b7a52'
down_revision = '5b7e2c9a41d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('group_votes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_group_votes_user_id_users', type_='foreignkey')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_group_votes_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('group_rule_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('members_at_decision', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('group_rule_proposals', schema=None) as batch_op:
        batch_op.drop_column('members_at_decision')
    op.execute("DELETE FROM group_votes WHERE user_id IS NULL")
    with op.batch_alter_table('group_votes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_group_votes_user_id_users', type_='foreignkey')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_group_votes_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='CASCADE')
