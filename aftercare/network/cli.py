"""`flask network rekey`: encrypt every stored text of these tools again with the first key (rotation)."""
import click

from . import bp
from .services.rotation import rekey_all


@bp.cli.command("rekey")
def rekey_command():
    """Encrypt the texts of the network map and plan again with the first of NETWORK_ENCRYPTION_KEYS."""
    click.echo(f"rekeyed {rekey_all()} values")
