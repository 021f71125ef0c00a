"""An optional, verified e-mail address; password reset links; what the daily digest sent

Revision ID: f1c3e5a7b9d2
Revises: e6a8b1c4d5f0
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'f1c3e5a7b9d2'
down_revision = 'e6a8b1c4d5f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch.add_column(sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('email_locale', sa.String(length=8), nullable=True))
        batch.add_column(sa.Column('email_digest', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.create_index('ix_users_email', ['email'])
    op.create_table(
        'password_resets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_password_resets_user_id_users',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name='fk_password_resets_issued_by_id_users',
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_password_resets'),
        sa.UniqueConstraint('token_hash', name='uq_password_resets_token_hash'),
    )
    op.create_index('ix_password_resets_user_id', 'password_resets', ['user_id'])
    op.create_table(
        'email_digests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('notification_count', sa.Integer(), nullable=False),
        sa.Column('last_notification_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_email_digests_user_id_users',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_email_digests'),
        sa.UniqueConstraint('user_id', 'day', name='uq_email_digests_user_id_day'),
    )
    op.create_index('ix_email_digests_user_id', 'email_digests', ['user_id'])


def downgrade():
    op.drop_index('ix_email_digests_user_id', table_name='email_digests')
    op.drop_table('email_digests')
    op.drop_index('ix_password_resets_user_id', table_name='password_resets')
    op.drop_table('password_resets')
    with op.batch_alter_table('users') as batch:
        batch.drop_index('ix_users_email')
        batch.drop_column('email_digest')
        batch.drop_column('email_locale')
        batch.drop_column('email_verified_at')
        batch.drop_column('email')
