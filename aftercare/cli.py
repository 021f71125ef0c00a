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
        remind time-givers of quiet matches; settle the decisions that fell due (also done by the sweep); send
        the day's e-mail digests."""
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
        from .mail.digest import send_digests

        click.echo(f"Sent {send_digests()} daily e-mail digest(s).")

    @app.cli.command("send-digests")
    def send_digests_command():
        """Send today's e-mail digests of new notifications (at most one per person per day; safe to rerun)."""
        from .mail import enabled
        from .mail.digest import send_digests

        if not enabled():
            click.echo("E-mail is not configured (MAIL_SERVER): no digests sent.")
            return
        click.echo(f"Sent {send_digests()} daily e-mail digest(s).")

    @app.cli.command("send-notifications")
    @click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
    def send_notifications(once):
        """Deliver queued push notifications, with retries, until stopped (or once)."""
        from .notifications.outbox import run_in_foreground

        handled = run_in_foreground(app, once=once)
        if once:
            click.echo(f"Handled {handled} queued push notification(s).")

    @app.cli.command("send-reminders")
    def send_reminders():
        """Send what is due by time, each once: rule decisions past their deadline, meeting reminders, feedback and log notices, match check-ins,
        expiring police certificates, "new messages in your group" to members who are away, plan steps reaching
        their date, council lines reaching theirs and follow-up preparation tasks."""
        from .chat.services.away import tell_members_away
        from .council.services import send_council_reminders
        from .groups.services.rules import settle_due_proposals
        from .matching.services.applications import warn_expiring_certificates
        from .matching.services.matches import announce_check_ins
        from .meetings.services.reminders import send_meeting_reminders
        from .network.services.reminders import send_step_reminders

        click.echo(f"Settled the rule proposals past their deadline in {settle_due_proposals()} group(s).")
        click.echo(f"Sent reminders about {send_meeting_reminders()} meeting(s).")
        click.echo(f"Announced the check-in of {announce_check_ins()} match(es).")
        click.echo(f"Warned about {warn_expiring_certificates()} police certificate(s) running out.")
        click.echo(f"Told {tell_members_away()} member(s) away of new messages in their group.")
        click.echo(f"Told {send_step_reminders()} step(s) of aftercare plans reaching their date to their owner.")
        lines, tasks = send_council_reminders()
        click.echo(f"Told {lines} network council line(s) reaching their date to their owner; gave {tasks} "
                   "follow-up preparation task(s).")

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
        click.echo("admin, coordinator, councilcoordinator and professional also need a two-factor code: "
                   "flask demo-totp <username> prints it (demo only).")

    @app.cli.command("demo-totp")
    @click.argument("username")
    def demo_totp(username):
        """DEMO ONLY: print the current two-factor code of a demo account (admin, coordinator, councilcoordinator,
        professional)."""
        from .demo import demo_totp_code

        try:
            code = demo_totp_code(username)
        except ValidationFailed as error:
            raise click.ClickException(str(error.message))
        click.echo(code)
