"""Correct the default helplines: 22 40 00 40 is Kirkens SOS's crisis line, RUSinfo answers on 08588

The first defaults listed 22 40 00 40 as "Rusinfo". A row still holding that default (never checked and
saved by an admin) becomes RUSinfo on 08588, and Kirkens SOS is added with its own number. Rows an admin
has saved are theirs and stay as they are.

Revision ID: 5b7e2c9a41d3
Revises: c28c26e5a7a8
Create Date: 2026-12-07 01:00:00.000000

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b7e2c9a41d3'
down_revision = 'c28c26e5a7a8'
branch_labels = None
depends_on = None


RUSINFO = {"position": 3, "phone": "08588", "name_en": "RUSinfo", "name_nb": "RUSinfo",
           "description_en": "Answers about alcohol, drugs, treatment and help for relatives. Anonymous. "
                             "Open on weekdays.",
           "description_nb": "Svar om alkohol, narkotika, behandling og hjelp for pårørende. Anonymt. "
                             "Åpent på hverdager."}
KIRKENS_SOS = {"position": 4, "phone": "22 40 00 40", "name_en": "Kirkens SOS crisis line",
               "name_nb": "Kirkens SOS krisetelefon",
               "description_en": "Someone to talk to in a crisis or when life feels hard. Anonymous, open all "
                                 "day and night.",
               "description_nb": "Noen å snakke med i en krise eller når livet føles tungt. Anonymt, åpent hele "
                                 "døgnet."}

helplines = sa.table(
    "helplines", sa.column("id", sa.Integer), sa.column("position", sa.Integer), sa.column("name_en", sa.String),
    sa.column("name_nb", sa.String), sa.column("phone", sa.String), sa.column("description_en", sa.Text),
    sa.column("description_nb", sa.Text), sa.column("is_default", sa.Boolean),
    sa.column("updated_at", sa.DateTime(timezone=True)))


def upgrade():
    connection = op.get_bind()
    now = datetime.now(timezone.utc)
    fixed = connection.execute(
        helplines.update()
        .where(helplines.c.is_default.is_(True), helplines.c.phone == "22 40 00 40",
               helplines.c.name_en == "Rusinfo")
        .values(**RUSINFO, updated_at=now)).rowcount
    already_listed = connection.execute(
        sa.select(sa.func.count()).select_from(helplines).where(helplines.c.phone == "22 40 00 40")).scalar()
    if fixed and not already_listed:
        connection.execute(helplines.insert().values(**KIRKENS_SOS, is_default=True, updated_at=now))


def downgrade():
    # Going back must not bring the wrong number back: the corrected rows stay.
    pass
