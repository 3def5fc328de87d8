"""Commands of `python manage.py` (and `flask`) beyond Flask-Migrate's `db` group."""

import random

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from marshmallow import ValidationError
from werkzeug.serving import run_simple

from om_core import seed
from om_core.accounts import service
from om_core.api.user.schemas import UserCreateSchema
from om_core.data import Poll
from om_core.errors import EmailTakenError


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
    account = {"email": email, "password": password, "name": name, "surname": surname}
    try:  # the rules of registering on the API and the pages: trimmed email, no control chars
        fields = UserCreateSchema().load(account)
    except ValidationError as error:
        problems = "; ".join(f"{field}: {' '.join(m)}" for field, m in error.messages.items())
        raise click.ClickException(problems) from error
    try:
        user = service.register(**fields, is_admin=True)
    except EmailTakenError as error:
        raise click.ClickException(f"{fields['email']}: {error}") from error
    click.echo(f"Created admin {user.email} (id {user.id}).")


@click.command("seed")
@click.option(
    "--votes",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Also make one big single-choice poll with this many anonymous ballots.",
)
@click.option(
    "--seed",
    "seed_value",
    default=1,
    show_default=True,
    type=int,
    help="Seed of the random generator: the same seed casts the same votes.",
)
@with_appcontext
def seed_command(votes: int, seed_value: int) -> None:
    """Add demo accounts and polls of every kind, with votes (run it again for more polls)."""
    rng = random.Random(seed_value)  # demo votes, not a secret  # noqa: S311  # nosec B311
    users = seed.demo_users()
    polls = seed.seed_demo_polls(users, rng)
    if votes:
        big_poll = seed.create_big_poll(users[0], votes)
        batches = seed.add_anonymous_ballots(big_poll, votes, rng)
        with click.progressbar(length=votes, label="Inserting ballots") as progress:
            for inserted in batches:
                progress.update(inserted)
        polls.append(big_poll)
    click.echo(f"Made {len(polls)} polls:")
    for poll in polls:
        click.echo(f"  /api/polls/{poll.id}  {_poll_traits(poll):28}  {poll.question}")
    emails = ", ".join(user.email for user in users)
    click.echo(
        f"Log in as {emails} with the password {seed.DEMO_PASSWORD!r} (an account that existed"
        " before seeding keeps its own)."
    )


def _poll_traits(poll: Poll) -> str:
    """What sets a poll apart, in a few words: its kind and what is not the default."""
    traits = [poll.kind]
    if poll.max_selections:
        traits.append(f"max {poll.max_selections}")
    if poll.visibility != "public":
        traits.append(poll.visibility)
    if not poll.is_open:
        traits.append("closed")
    if poll.results_visibility != "always":
        traits.append(f"results {poll.results_visibility}")
    return ", ".join(traits)


def register_commands(app: Flask) -> None:
    for command in (run_command, create_admin_command, seed_command):
        app.cli.add_command(command)
