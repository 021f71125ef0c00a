"""One notification system: the home page's notices become notifications that stay until dismissed; push
devices, the outbox of deliveries and each person's choices

Revision ID: a7c9e2f4b6d1
Revises: dcda86b61e32
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c9e2f4b6d1'
down_revision = 'dcda86b61e32'
branch_labels = None
depends_on = None

# The notices' codes and the notification kinds they became.
KINDS = {"match.time_giver_left": "match_time_giver_left", "match.participant_left": "match_participant_left"}
LINKS = {"match_time_giver_left": "/time-givers/ask", "match_participant_left": "/time-givers/matches"}

notices = sa.table("notices", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                   sa.column("code", sa.String), sa.column("created_at", sa.DateTime(timezone=True)),
                   sa.column("dismissed_at", sa.DateTime(timezone=True)))
notifications = sa.table("notifications", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                         sa.column("kind", sa.String), sa.column("params", sa.JSON), sa.column("link", sa.String),
                         sa.column("created_at", sa.DateTime(timezone=True)),
                         sa.column("read_at", sa.DateTime(timezone=True)),
                         sa.column("dismissed_at", sa.DateTime(timezone=True)))


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True))

    connection = op.get_bind()
    moved = [{"user_id": row.user_id, "kind": KINDS[row.code], "params": {}, "link": LINKS[KINDS[row.code]],
              "created_at": row.created_at, "read_at": row.dismissed_at, "dismissed_at": row.dismissed_at}
             for row in connection.execute(sa.select(notices).order_by(notices.c.id)) if row.code in KINDS]
    if moved:
        op.bulk_insert(notifications, moved)
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_user_id'))
    op.drop_table('notices')

    op.create_table('push_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('login_session_id', sa.Integer(), nullable=True),
    sa.Column('endpoint', sa.String(length=1000), nullable=False),
    sa.Column('p256dh', sa.String(length=200), nullable=False),
    sa.Column('auth', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['login_session_id'], ['login_sessions.id'], name=op.f('fk_push_subscriptions_login_session_id_login_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_push_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscriptions')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscriptions_endpoint'))
    )
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscriptions_login_session_id'), ['login_session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_subscriptions_user_id'), ['user_id'], unique=False)

    op.create_table('notification_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.SmallInteger(), nullable=False),
    sa.Column('claimed_by', sa.String(length=40), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_notification_deliveries_notification_id_notifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['push_subscriptions.id'], name=op.f('fk_notification_deliveries_subscription_id_push_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_deliveries')),
    sa.UniqueConstraint('notification_id', 'channel', 'subscription_id', name=op.f('uq_notification_deliveries_once'))
    )
    with op.batch_alter_table('notification_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_notification_deliveries_due', ['state', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_deliveries_notification_id'), ['notification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_deliveries_subscription_id'), ['subscription_id'], unique=False)

    op.create_table('notification_choices',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('push_group', sa.Boolean(), nullable=False),
    sa.Column('push_meetings', sa.Boolean(), nullable=False),
    sa.Column('push_time_giver', sa.Boolean(), nullable=False),
    sa.Column('push_network', sa.Boolean(), nullable=False),
    sa.Column('quiet_from', sa.SmallInteger(), nullable=False),
    sa.Column('quiet_until', sa.SmallInteger(), nullable=False),
    sa.Column('time_zone', sa.String(length=60), nullable=False),
    sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('show_detail', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_choices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_choices'))
    )


def downgrade():
    op.drop_table('notification_choices')
    with op.batch_alter_table('notification_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_deliveries_subscription_id'))
        batch_op.drop_index(batch_op.f('ix_notification_deliveries_notification_id'))
        batch_op.drop_index('ix_notification_deliveries_due')
    op.drop_table('notification_deliveries')
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscriptions_user_id'))
        batch_op.drop_index(batch_op.f('ix_push_subscriptions_login_session_id'))
    op.drop_table('push_subscriptions')

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_user_id'), ['user_id'], unique=False)
    connection = op.get_bind()
    codes = {kind: code for code, kind in KINDS.items()}
    rows = connection.execute(sa.select(notifications).where(notifications.c.kind.in_(list(codes)))).all()
    if rows:
        op.bulk_insert(notices, [{"user_id": row.user_id, "code": codes[row.kind], "created_at": row.created_at,
                                  "dismissed_at": row.dismissed_at} for row in rows])
        connection.execute(sa.delete(notifications).where(notifications.c.kind.in_(list(codes))))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('dismissed_at')
