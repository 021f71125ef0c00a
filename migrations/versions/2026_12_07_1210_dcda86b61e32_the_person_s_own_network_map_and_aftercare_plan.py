"""The person's own network map (with its history), aftercare plan (with its versions) and "when it gets
hard" words; her own words are stored encrypted (aftercare/network/crypto.py)

Revision ID: dcda86b61e32
Revises: f1c3e5a7b9d2
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dcda86b61e32'
down_revision = 'f1c3e5a7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hard_times_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_hard_times_messages_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hard_times_messages')),
    sa.UniqueConstraint('owner_id', name=op.f('uq_hard_times_messages_owner_id'))
    )
    op.create_table('network_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('is_group', sa.Boolean(), nullable=False),
    sa.Column('circle', sa.String(length=10), nullable=True),
    sa.Column('sphere', sa.String(length=12), nullable=True),
    sa.Column('gives', sa.JSON(), nullable=False),
    sa.Column('concrete_help', sa.Text(), nullable=True),
    sa.Column('reciprocal', sa.Boolean(), nullable=False),
    sa.Column('contact', sa.String(length=8), nullable=True),
    sa.Column('reconnect', sa.Boolean(), nullable=False),
    sa.Column('effect', sa.String(length=10), nullable=True),
    sa.Column('uses_substances', sa.String(length=8), nullable=True),
    sa.Column('wish', sa.String(length=10), nullable=True),
    sa.Column('council_invitee', sa.Boolean(), nullable=False),
    sa.Column('can_call', sa.Boolean(), nullable=False),
    sa.Column('after_discharge', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("circle IS NULL OR circle IN ('close', 'between', 'distant')", name=op.f('ck_network_entries_circle')),
    sa.CheckConstraint("contact IS NULL OR contact IN ('yes', 'little', 'none')", name=op.f('ck_network_entries_contact')),
    sa.CheckConstraint("effect IS NULL OR effect IN ('steadies', 'pulls', 'mixed')", name=op.f('ck_network_entries_effect')),
    sa.CheckConstraint("sphere IS NULL OR sphere IN ('family', 'friends', 'local', 'activities', 'peers', 'helpers')", name=op.f('ck_network_entries_sphere')),
    sa.CheckConstraint("uses_substances IS NULL OR uses_substances IN ('yes', 'no', 'unknown')", name=op.f('ck_network_entries_uses_substances')),
    sa.CheckConstraint("wish IS NULL OR wish IN ('keep', 'closer', 'repair', 'pause', 'distance', 'end')", name=op.f('ck_network_entries_wish')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_network_entries_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_entries'))
    )
    with op.batch_alter_table('network_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_entries_owner_id'), ['owner_id'], unique=False)

    op.create_table('network_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('entry_number', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_network_snapshots_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_snapshots'))
    )
    with op.batch_alter_table('network_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_network_snapshots_owner_from', ['owner_id', 'valid_from'], unique=False)

    op.create_table('plan_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('where_now', sa.Text(), nullable=True),
    sa.Column('wanted', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('housing', 'activity', 'health', 'money', 'network', 'own')", name=op.f('ck_plan_areas_kind')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_plan_areas_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_areas'))
    )
    with op.batch_alter_table('plan_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_areas_owner_id'), ['owner_id'], unique=False)

    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_plan_versions_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions'))
    )
    with op.batch_alter_table('plan_versions', schema=None) as batch_op:
        batch_op.create_index('ix_plan_versions_owner_saved', ['owner_id', 'saved_at'], unique=False)

    op.create_table('plan_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=True),
    sa.Column('helper', sa.String(length=10), nullable=True),
    sa.Column('helper_entry_id', sa.Integer(), nullable=True),
    sa.Column('helper_name', sa.Text(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("helper IS NULL OR helper IN ('self', 'entry', 'time_giver', 'service')", name=op.f('ck_plan_steps_helper')),
    sa.CheckConstraint("status IS NULL OR status IN ('done', 'under_way', 'need_help', 'dropped')", name=op.f('ck_plan_steps_status')),
    sa.ForeignKeyConstraint(['area_id'], ['plan_areas.id'], name=op.f('fk_plan_steps_area_id_plan_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['helper_entry_id'], ['network_entries.id'], name=op.f('fk_plan_steps_helper_entry_id_network_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_plan_steps_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_steps'))
    )
    with op.batch_alter_table('plan_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_steps_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_steps_owner_id'), ['owner_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plan_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_steps_owner_id'))
        batch_op.drop_index(batch_op.f('ix_plan_steps_area_id'))

    op.drop_table('plan_steps')
    with op.batch_alter_table('plan_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_versions_owner_saved')

    op.drop_table('plan_versions')
    with op.batch_alter_table('plan_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_areas_owner_id'))

    op.drop_table('plan_areas')
    with op.batch_alter_table('network_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_network_snapshots_owner_from')

    op.drop_table('network_snapshots')
    with op.batch_alter_table('network_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_entries_owner_id'))

    op.drop_table('network_entries')
    op.drop_table('hard_times_messages')
