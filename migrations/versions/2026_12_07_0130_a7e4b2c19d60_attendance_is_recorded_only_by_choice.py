"""Attendance is recorded only in groups that chose to record it

A group setting, off for every group. What leaders recorded so far ("absent without notice", "late"...)
was kept without the group having chosen it, so it is cleared; a member's own RSVP and notice of absence
stay.

Revision ID: a7e4b2c19d60
Revises: 9c3d1f0b7a52
Create Date: 2026-12-07 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7e4b2c19d60'
down_revision = '9c3d1f0b7a52'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: rebuilding the groups table on SQLite would cascade-delete their meetings.
    op.add_column('groups', sa.Column('records_attendance', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.execute("UPDATE meeting_attendance SET recorded = NULL")


def downgrade():
    # The cleared records are gone for good; only the setting is removed. A plain DROP COLUMN (SQLite
    # 3.35+): rebuilding the groups table would cascade-delete every group's meetings on SQLite.
    op.drop_column('groups', 'records_attendance')
