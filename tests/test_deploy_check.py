"""`python manage.py check --deploy`: what is unsafe for production, and its exit status."""

import secrets

import pytest

from om_core.cli import deploy_findings
from tests.test_cli import run_manage

SAFE = {
    "SECRET_KEY": secrets.token_urlsafe(40),
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "DEBUG": False,
    "TESTING": False,
    "ORIGINS": ["https://polls.example"],
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/polls",
    "MAX_CONTENT_LENGTH": 65536,
}


def codes(**changes) -> set[str]:
    return {finding.code for finding in deploy_findings(SAFE | changes)}


def test_safe_settings_have_no_findings():
    assert codes() == set()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"DEBUG": True}, "debug-on"),
        ({"SECRET_KEY": ""}, "secret-key-missing"),
        ({"SECRET_KEY": "short-key"}, "secret-key-short"),
        ({"SECRET_KEY": "dev-only-insecure-secret-key"}, "secret-key-default"),
        ({"ORIGINS": ["*"]}, "cors-wildcard"),
        ({"ORIGINS": [".*"]}, "cors-origin"),
        ({"ORIGINS": ["https://polls.example", r"https://.*\.example\.com"]}, "cors-origin"),
        ({"ORIGINS": ["https://polls.example/"]}, "cors-origin"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///poll_app.db"}, "sqlite"),
        ({"SESSION_COOKIE_SECURE": False}, "session_cookie_secure"),
        ({"SESSION_COOKIE_HTTPONLY": False}, "session_cookie_httponly"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "ratelimit-memory"),
        ({"RATELIMIT_ENABLED": False}, "ratelimit-off"),
        ({"MAX_CONTENT_LENGTH": None}, "no-body-limit"),
    ],
)
def test_each_misconfiguration_is_found(changes, code):
    assert code in codes(**changes)


def test_development_settings_fail_the_deploy_check():
    result = run_manage("check", "--deploy", env={"APP_CONFIG": "development"})
    assert result.returncode == 1
    assert "ERROR debug-on" in result.stdout
    assert "ERROR cors-wildcard" in result.stdout


def test_production_without_secret_key_is_reported_not_crashed():
    env = {"APP_CONFIG": "production", "SECRET_KEY": "", "CORS_ORIGINS": "https://a.example"}
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode == 1
    assert "ERROR secret-key-missing" in result.stdout


def test_safe_production_settings_pass_with_only_warnings():
    env = {
        "APP_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "CORS_ORIGINS": "https://polls.example",
        "DATABASE_URL": "postgresql://app@db.example:5432/polls",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stdout


def test_production_with_a_regex_cors_origin_fails_the_deploy_check():
    env = {
        "APP_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "CORS_ORIGINS": "https://polls.example,.*",
    }
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode == 1
    assert "ERROR cors-origin: CORS origin '.*' is not an explicit" in result.stdout
    assert "'https://polls.example'" not in result.stdout
