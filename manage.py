"""The brief's Django-style CLI, on click: `python manage.py db upgrade`, `run`, `create-admin`...

Flask-Migrate's `db` group (init, migrate, upgrade, downgrade, current, history, check, ...)
comes from its Flask CLI plugin; `routes` and `shell` are Flask's own.
"""

from flask.cli import FlaskGroup, routes_command, shell_command

from om_core import create_app
from om_core.cli import check_command

cli = FlaskGroup(
    create_app=create_app,
    add_default_commands=False,
    set_debug_flag=False,  # DEBUG is the config's (on in development), not only FLASK_DEBUG's
    help="Manage poll_app: database migrations, the dev server, admin accounts.",
)
cli.add_command(routes_command)
cli.add_command(shell_command)
cli.add_command(check_command)

if __name__ == "__main__":
    cli()
