"""`flask db upgrade` on an empty database builds exactly the schema the models describe."""
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from aftercare import create_app
from aftercare.database import normalise_url
from aftercare.extensions import db

from .conftest import suite_config


def _databases(tmp_path):
    yield "sqlite", "sqlite:///" + str(tmp_path / "migrated.sqlite3"), None
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        url = make_url(normalise_url(base))
        name = f"aftercare_migrations_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))

        def drop():
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

        yield "postgresql", url.set(database=name).render_as_string(hide_password=False), drop


def _significant(diff):
    """Alembic reports some no-op differences on SQLite (e.g. server defaults); keep the real ones."""
    return [entry for entry in diff if not (isinstance(entry, list) and not entry)]


def test_upgrade_matches_models_on_every_database(tmp_path):
    for kind, url, cleanup in _databases(tmp_path):
        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=url))
        try:
            with app.app_context():
                upgrade()
                with db.engine.connect() as connection:
                    context = MigrationContext.configure(connection, opts={"compare_type": True})
                    diff = compare_metadata(context, db.metadata)
                    assert _significant(diff) == [], f"{kind}: migrations and models differ: {diff}"
                    names = set(inspect(connection).get_table_names())
                    assert {"users", "invitations", "login_sessions", "helplines"} <= names
                    defaults = connection.execute(text("select phone from helplines where is_default"
                                                       " order by position")).scalars().all()
                    assert defaults == ["113", "116 123", "08588", "22 40 00 40"]
                downgrade(revision="base")
                with db.engine.connect() as connection:
                    assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
                db.engine.dispose()
        finally:
            if cleanup:
                cleanup()


@pytest.mark.parametrize("url", ["postgres://u@h/d", "postgresql://u@h/d"])
def test_postgres_urls_use_psycopg3(url):
    assert normalise_url(url) == "postgresql+psycopg://u@h/d"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_old_rusinfo_default_is_corrected_and_kirkens_sos_added(tmp_path):
    """22 40 00 40 is Kirkens SOS's crisis line; RUSinfo is 08588. A row an admin has saved stays as it is."""
    for kind, url, cleanup in _databases(tmp_path):
        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=url))
        try:
            with app.app_context():
                upgrade(revision="d8de918ad343")
                with db.engine.begin() as connection:
                    old = connection.execute(text("select name_en, phone from helplines where position = 3")).one()
                    assert tuple(old) == ("Rusinfo", "22 40 00 40"), kind
                    connection.execute(text("insert into helplines (position, name_en, name_nb, phone,"
                                            " description_en, description_nb, is_default, updated_at) values"
                                            " (9, 'Local line', 'Lokal linje', '22 40 00 40', '', '', false,"
                                            " CURRENT_TIMESTAMP)"))
                upgrade()
                with db.engine.connect() as connection:
                    rows = connection.execute(text("select name_en, phone, is_default from helplines"
                                                   " order by position")).all()
                    assert [tuple(row) for row in rows] == [
                        ("Medical emergency", "113", True), ("Mental Helse helpline", "116 123", True),
                        ("RUSinfo", "08588", True), ("Local line", "22 40 00 40", False)], kind
                db.engine.dispose()
        finally:
            if cleanup:
                cleanup()


def test_a_fresh_database_lists_kirkens_sos_under_its_own_name(tmp_path):
    for kind, url, cleanup in _databases(tmp_path):
        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=url))
        try:
            with app.app_context():
                upgrade()
                with db.engine.connect() as connection:
                    rows = connection.execute(text("select name_nb, phone from helplines order by position")).all()
                    assert [tuple(row) for row in rows][2:] == [("RUSinfo", "08588"),
                                                               ("Kirkens SOS krisetelefon", "22 40 00 40")], kind
                db.engine.dispose()
        finally:
            if cleanup:
                cleanup()


def test_rebuilding_a_table_on_sqlite_deletes_no_rows_that_refer_to_it(tmp_path):
    """SQLite alters a table by copying it and dropping the old one; with foreign keys on, that drop would
    cascade into every table that refers to it (a message's reactions and reports, a group's meetings).
    Migrations run with them off and are checked afterwards."""
    from aftercare.accounts.models import User
    from aftercare.chat.models import Message, Reaction, Report
    from aftercare.demo import load_demo_data

    app = create_app(suite_config(SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "rebuilt.sqlite3")))
    with app.app_context():
        upgrade()
        load_demo_data()
        message = db.session.scalars(db.select(Message).order_by(Message.id)).first()
        reader = db.session.scalars(db.select(User).where(User.id != message.author_id)).first()
        db.session.add_all([Reaction(message_id=message.id, user_id=reader.id, kind="heart"),
                            Report(message_id=message.id, reporter_id=reader.id, reason="")])
        db.session.commit()
        tables = [name for name in inspect(db.engine).get_table_names() if name != "alembic_version"]

        def counts():
            with db.engine.connect() as connection:
                return {name: connection.execute(text(f'select count(*) from "{name}"')).scalar() for name in tables}

        before = counts()
        assert before["chat_reactions"] == 1 and before["chat_reports"] == 1 and before["meetings"] > 0
        downgrade(revision="d8de918ad343")
        upgrade()
        assert counts() == before
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_existing_groups_speak_bokmal_keep_votes_secret_and_take_method_proposals(tmp_path):
    """Groups made before a group had a language or a choice about votes: bokmål and secret votes."""
    for kind, url, cleanup in _databases(tmp_path):
        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=url))
        try:
            with app.app_context():
                upgrade(revision="3e8b6a1d5f20")  # just before how the group decides
                with db.engine.begin() as connection:
                    connection.execute(text(
                        "insert into groups (name, purpose, kind, capacity, seats_taken, intake, meeting_rhythm,"
                        " meeting_minutes, audience, chat_retention_days, timezone, phase, consent_method,"
                        " objection_days, floor_only_in_meetings, rules_version, readable_days_after_close,"
                        " created_at) values ('Old group', 'A group from before', 'self_help', 10, 0, 'closed',"
                        " '', 90, '', 90, 'Europe/Oslo', 'working', 'majority', 7, false, 1, 90,"
                        " CURRENT_TIMESTAMP)"))
                upgrade()
                with db.engine.begin() as connection:
                    row = connection.execute(text("select id, language, named_votes from groups")).one()
                    assert (row.language, bool(row.named_votes)) == ("nb", False), kind
                    connection.execute(text(
                        "insert into group_rule_proposals (group_id, kind, new_method, new_objection_days, method,"
                        " status, created_at) values (:g, 'method', 'no_objection', 3, 'majority', 'open',"
                        " CURRENT_TIMESTAMP)"), {"g": row.id})
                with pytest.raises(Exception):  # the kind is still checked
                    with db.engine.begin() as connection:
                        connection.execute(text(
                            "insert into group_rule_proposals (group_id, kind, method, status, created_at)"
                            " values (:g, 'anything', 'majority', 'open', CURRENT_TIMESTAMP)"), {"g": row.id})
                db.engine.dispose()
        finally:
            if cleanup:
                cleanup()


def test_the_home_pages_notices_become_notifications_that_stay_until_dismissed(tmp_path):
    """The one notification system: open notices stay on the home page, dismissed ones come across read."""
    for kind, url, cleanup in _databases(tmp_path):
        app = create_app(suite_config(SQLALCHEMY_DATABASE_URI=url))
        try:
            with app.app_context():
                upgrade(revision="e6a8b1c4d5f0")  # the last with notices
                with db.engine.begin() as connection:
                    user_id = connection.execute(text(
                        "insert into users (username, display_name, password_hash, is_disabled, created_at,"
                        " password_changed_at) values ('kari', 'Kari', 'x', false, CURRENT_TIMESTAMP,"
                        " CURRENT_TIMESTAMP) returning id")).scalar()
                    connection.execute(text(
                        "insert into notices (user_id, code, created_at, dismissed_at) values"
                        " (:u, 'match.time_giver_left', CURRENT_TIMESTAMP, null),"
                        " (:u, 'match.participant_left', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"u": user_id})
                upgrade()
                from aftercare.notifications.services import standing, text_of

                with db.engine.connect() as connection:
                    assert "notices" not in inspect(connection).get_table_names()
                    connection_rows = connection.execute(text(
                        "select kind, read_at is null as unread, dismissed_at is null as standing"
                        " from notifications order by id")).all()
                rows = [(row.kind, bool(row.unread), bool(row.standing)) for row in connection_rows]
                assert rows == [("match_time_giver_left", True, True), ("match_participant_left", False, False)], kind
                from aftercare.accounts.models import User

                with app.test_request_context():
                    [left] = standing(db.session.get(User, user_id))
                    assert text_of(left).startswith("Your time-giver has left Aftercare")
                db.session.remove()
                downgrade(revision="e6a8b1c4d5f0")
                with db.engine.connect() as connection:
                    assert connection.execute(text("select code from notices order by id")).scalars().all() == \
                        ["match.time_giver_left", "match.participant_left"]
                db.engine.dispose()
        finally:
            if cleanup:
                cleanup()
