"""config.py: APP_CONFIG, DATABASE_URL, FLASK_* overrides and production's refusals."""

import re

import pytest
from flask import Flask
from flask_cors.core import probably_regex
from hypothesis import given
from hypothesis import strategies as st

from config import EXPLICIT_ORIGIN, Production, configure_app, database_url, non_explicit_origins
from tests.conftest import run_python


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "postgresql://postgres@127.0.0.1:5432/db",
            "postgresql+psycopg://postgres@127.0.0.1:5432/db",
        ),
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql+psycopg://h/db", "postgresql+psycopg://h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_picks_the_psycopg_driver(given, expected):
    assert database_url(given) == expected


def test_flask_prefixed_environment_overrides_any_setting(monkeypatch):
    monkeypatch.setenv("FLASK_TOKEN_TTL_SECONDS", "60")
    monkeypatch.setenv("FLASK_RATELIMIT_ENABLED", "false")
    app = Flask(__name__)
    configure_app(app, "development")
    assert app.config["TOKEN_TTL_SECONDS"] == 60
    assert app.config["RATELIMIT_ENABLED"] is False


def test_unknown_config_name_is_refused():
    with pytest.raises(RuntimeError, match="APP_CONFIG"):
        configure_app(Flask(__name__), "staging")


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setattr(Production, "SECRET_KEY", "")
    monkeypatch.setattr(Production, "ORIGINS", ["https://polls.example"])
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        configure_app(Flask(__name__), "production")


def test_production_refuses_wildcard_cors(monkeypatch):
    monkeypatch.setattr(Production, "SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setattr(Production, "ORIGINS", ["*"])
    with pytest.raises(RuntimeError, match="CORS_ORIGINS"):
        configure_app(Flask(__name__), "production")


def test_production_starts_with_a_key_and_explicit_origins(monkeypatch):
    monkeypatch.setattr(Production, "SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setattr(Production, "ORIGINS", ["https://polls.example"])
    app = Flask(__name__)
    configure_app(app, "production")
    assert app.config["DEBUG"] is False


@pytest.mark.parametrize(
    "origin",
    [
        ".*",
        r"https://.*\.example\.com",
        "^https://polls.example$",
        "https://*.polls.example",
        "https://polls.example/",
        "https://polls.example/path",
        "polls.example",
        "ftp://polls.example",
        "http://[::1]:8000",
        "https://user@polls.example",
    ],
)
def test_production_refuses_cors_origins_that_are_not_explicit(monkeypatch, origin):
    monkeypatch.setattr(Production, "SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setattr(Production, "ORIGINS", ["https://polls.example", origin])
    with pytest.raises(RuntimeError, match=re.escape(f"in production, not '{origin}'")):
        configure_app(Flask(__name__), "production")
    assert non_explicit_origins(["https://polls.example", origin]) == [origin]


def test_production_app_does_not_start_with_a_regex_cors_origin():
    env = {"APP_CONFIG": "production", "SECRET_KEY": "a-long-random-production-secret"}
    result = run_python("-c", "import app", env=env | {"CORS_ORIGINS": "https://polls.example,.*"})
    assert result.returncode != 0
    assert "CORS_ORIGINS must list explicit origins" in result.stderr
    assert "not '.*'" in result.stderr


@given(st.from_regex(EXPLICIT_ORIGIN, fullmatch=True))
def test_an_explicit_origin_is_never_read_as_a_regex_by_flask_cors(origin):
    assert not probably_regex(origin)
