"""Commands of `python manage.py` (and `flask`) beyond Flask-Migrate's `db` group."""

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from om_core.accounts import service
from om_core.errors import EmailTakenError
from om_core.limits import PASSWORD_MAX, PASSWORD_MIN


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@with_appcontext
def run_command(host: str) -> None:
    """Serve the app with Flask's development server on the config's PORT."""
    app = current_app._get_current_object()
    # Flask's app.run() does nothing inside a CLI command, so start Werkzeug's server directly.
    run_simple(
        host, app.config["PORT"], app, use_reloader=app.debug, use_debugger=app.debug, threaded=True
    )


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="Admin", show_default=True)
@click.option("--surname", default="User", show_default=True)
@click.password_option(help="Asked for when not given.")
@with_appcontext
def create_admin_command(email: str, name: str, surname: str, password: str) -> None:
    """Create an admin account with EMAIL (asks for the password)."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.BadParameter(
            f"must be {PASSWORD_MIN} to {PASSWORD_MAX} characters", param_hint="password"
        )
    try:
        user = service.register(
            email=email, password=password, name=name, surname=surname, is_admin=True
        )
    except EmailTakenError as error:
        raise click.ClickException(f"{email}: {error}") from error
    click.echo(f"Created admin {user.email} (id {user.id}).")


def register_commands(app: Flask) -> None:
    for command in (run_command, create_admin_command):
        app.cli.add_command(command)
