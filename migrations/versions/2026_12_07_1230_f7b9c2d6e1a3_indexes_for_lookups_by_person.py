"""Indexes for what is looked up by person: reactions, agenda items, audit entries by actor, notifications by time

Revision ID: f7b9c2d6e1a3
Revises: a7c9e2f4b6d1
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f7b9c2d6e1a3'
down_revision = 'a7c9e2f4b6d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_chat_reactions_user', 'chat_reactions', ['user_id'])
    op.create_index('ix_meeting_agenda_items_proposed_by', 'meeting_agenda_items', ['proposed_by_id'])
    op.create_index('ix_audit_entries_actor', 'audit_entries', ['actor_id'])
    op.create_index('ix_notifications_user_created', 'notifications', ['user_id', 'created_at', 'id'])


def downgrade():
    op.drop_index('ix_notifications_user_created', table_name='notifications')
    op.drop_index('ix_audit_entries_actor', table_name='audit_entries')
    op.drop_index('ix_meeting_agenda_items_proposed_by', table_name='meeting_agenda_items')
    op.drop_index('ix_chat_reactions_user', table_name='chat_reactions')
