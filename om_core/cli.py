"""Commands of `python manage.py` (and `flask`) beyond Flask-Migrate's `db` group: run,
create-admin, seed, and `check --deploy`, which lists settings unsafe for production as
Django's deploy check does (it reads the settings without starting the app, so it can report
a missing SECRET_KEY that would stop production from starting at all)."""

import random
from collections.abc import Mapping
from dataclasses import dataclass

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from marshmallow import ValidationError
from werkzeug.serving import run_simple

from config import DEFAULT_SECRET_KEY, config_name, non_explicit_origins, settings_for
from om_core.accounts import service
from om_core.api.user.schemas import UserCreateSchema
from om_core.data import Poll
from om_core.errors import EmailTakenError
from om_core.voting import demo as seed


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


SECRET_KEY_MIN_LENGTH = 32


@dataclass(frozen=True, slots=True)
class Finding:
    level: str  # "error" stops a deploy (exit status 1); "warning" deserves a look
    code: str
    message: str


def _secret_key(settings: Mapping) -> list[Finding]:
    key = settings.get("SECRET_KEY") or ""
    if not key:
        return [Finding("error", "secret-key-missing", "SECRET_KEY is not set.")]
    if key == DEFAULT_SECRET_KEY or "insecure" in key or key.startswith("testing"):
        return [Finding("error", "secret-key-default", "SECRET_KEY is a known default key.")]
    if len(key) < SECRET_KEY_MIN_LENGTH:
        message = f"SECRET_KEY has {len(key)} characters; use {SECRET_KEY_MIN_LENGTH} or more."
        return [Finding("error", "secret-key-short", message)]
    return []


def _cookies(settings: Mapping) -> list[Finding]:
    findings = []
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY"):
        if not settings.get(name):
            findings.append(Finding("error", name.lower(), f"{name} is off: cookies leak."))
    return findings


def _rate_limits(settings: Mapping) -> list[Finding]:
    if not settings.get("RATELIMIT_ENABLED"):
        return [Finding("error", "ratelimit-off", "Rate limits are off (RATELIMIT_ENABLED).")]
    if str(settings.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        message = "Rate-limit counters live in each process's memory; set REDIS_URL to share them."
        return [Finding("warning", "ratelimit-memory", message)]
    return []


def _cors_origins(settings: Mapping) -> list[Finding]:
    findings = []
    for origin in non_explicit_origins(settings.get("ORIGINS", [])):
        if origin == "*":
            message = "CORS allows every origin ('*'); list them in CORS_ORIGINS."
            findings.append(Finding("error", "cors-wildcard", message))
        else:
            message = f"CORS origin '{origin}' is not an explicit http(s)://host[:port] origin."
            findings.append(Finding("error", "cors-origin", message))
    return findings


def deploy_findings(settings: Mapping) -> list[Finding]:
    """Everything in `settings` unsafe or unfit for production."""
    findings = _secret_key(settings) + _cookies(settings) + _rate_limits(settings)
    if settings.get("DEBUG"):
        findings.append(Finding("error", "debug-on", "DEBUG is on: it shows code to users."))
    if settings.get("TESTING"):
        findings.append(Finding("error", "testing-on", "TESTING is on."))
    findings += _cors_origins(settings)
    if str(settings.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        message = "SQLite serves one machine only; use PostgreSQL (DATABASE_URL)."
        findings.append(Finding("warning", "sqlite", message))
    if not settings.get("MAX_CONTENT_LENGTH"):
        findings.append(Finding("error", "no-body-limit", "MAX_CONTENT_LENGTH is not set."))
    return findings


@click.command("check")
@click.option("--deploy", is_flag=True, help="Check the settings for a production deploy.")
def check_command(deploy: bool) -> None:
    """Check the settings of APP_CONFIG; with --deploy, list what is unsafe for production."""
    name = config_name()
    settings = settings_for(name)
    findings = deploy_findings(settings) if deploy else []
    for finding in findings:
        click.echo(f"{finding.level.upper()} {finding.code}: {finding.message}")
    errors = sum(finding.level == "error" for finding in findings)
    click.echo(f"{name}: {errors} error(s), {len(findings) - errors} warning(s).")
    if errors:
        raise SystemExit(1)


def register_commands(app: Flask) -> None:
    for command in (run_command, create_admin_command, seed_command):
        app.cli.add_command(command)
