"""`python manage.py check --deploy`: settings unsafe for production, as Django's deploy check
lists them. It reads the settings without starting the app, so it can report a missing
SECRET_KEY that would stop production from starting at all."""

from collections.abc import Mapping
from dataclasses import dataclass

import click

from config import DEFAULT_SECRET_KEY, config_name, non_explicit_origins, settings_for

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
