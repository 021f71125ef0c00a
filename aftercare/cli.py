"""Command-line commands; each is a thin wrapper around a service."""
import click

from .exceptions import ValidationFailed


def register(app):
    @app.cli.command("create-admin")
    @click.option("--username", prompt=True)
    @click.option("--display-name", prompt=True)
    @click.password_option()
    def create_admin(username, display_name, password):
        """Create an admin account."""
        from .admin.services import create_admin as create

        try:
            user = create(username, display_name, password)
        except ValidationFailed as error:
            raise click.ClickException(str(error.message))
        click.echo(f"Admin '{user.username}' created.")

    @app.cli.command("purge-expired")
    def purge_expired():
        """Delete what has passed its retention: old chat messages, closed groups past their reading time;
        remind time-givers of quiet matches; settle the decisions that fell due (also done by the sweep)."""
        from .chat.services import purge_expired_messages
        from .groups.services import purge_closed_groups

        from .matching.services.matches import remind_quiet_matches
        from .referrals.services import purge_expired_notes

        messages = purge_expired_messages()
        groups = purge_closed_groups()
        click.echo(f"Deleted {messages} chat message(s) past retention and {groups} closed group(s).")
        click.echo(f"Cleared the notes of {purge_expired_notes()} referral(s) that expired unused.")
        click.echo(f"Reminded the time-givers of {remind_quiet_matches()} quiet match(es).")
        from .meetings.services import purge_old_attendance

        click.echo(f"Deleted {purge_old_attendance()} attendance record(s) of meetings over 90 days ago.")
        from .chat.sweeper import settle_due

        settle_due()
        click.echo("Settled the decisions that fell due.")

    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
    def demo_data(if_empty):
        """Load demo accounts (one per account kind) for trying the app out."""
        from .demo import DEMO_PASSWORD, database_is_empty, load_demo_data

        if not database_is_empty():
            if if_empty:
                click.echo("The database has accounts already; no demo data loaded.")
                return
            raise click.ClickException("The database is not empty; demo data goes only into an empty one.")
        for username, roles in load_demo_data():
            click.echo(f"  {username:<14} {', '.join(roles)}")
        click.echo(f"Demo accounts created; the password of each is: {DEMO_PASSWORD}")
        click.echo("admin, coordinator and professional also need a two-factor code: "
                   "flask demo-totp <username> prints it (demo only).")

    @app.cli.command("demo-totp")
    @click.argument("username")
    def demo_totp(username):
        """DEMO ONLY: print the current two-factor code of a demo account (admin, coordinator, professional)."""
        from .demo import demo_totp_code

        try:
            code = demo_totp_code(username)
        except ValidationFailed as error:
            raise click.ClickException(str(error.message))
        click.echo(code)
