"""Fixtures: an app with a fresh database per test, on SQLite always and on PostgreSQL when
TEST_DATABASE_URL is set (a database this run creates, and drops at the end)."""

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from config import database_url
from om_core import create_app
from om_core.data import User, db
from om_core.voting import queries
from tests.factories import PASSWORD, user_payload

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not TEST_DATABASE_URL, reason="TEST_DATABASE_URL is not set"),
    ),
]


class PostgresServer:
    """Creates and drops databases of this test run on the TEST_DATABASE_URL server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(database_url(url))
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"poll_app_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres() -> PostgresServer:
    server = PostgresServer(TEST_DATABASE_URL)
    yield server
    server.admin.dispose()


@pytest.fixture(scope="session")
def postgres_database(postgres: PostgresServer) -> str:
    """One database for the run; every test empties it again (see `database_url_for_test`)."""
    url = postgres.create()
    yield url
    postgres.drop(url)


@pytest.fixture(params=DATABASES)
def database(request, tmp_path) -> str:
    """The URL of an empty database: a new SQLite file, or the run's PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_database")


def make_app(database: str, config: str = "testing", **settings) -> Flask:
    return create_app(config, {"SQLALCHEMY_DATABASE_URI": database, **settings})


ROOT = Path(__file__).resolve().parent.parent


def run_python(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """`python *args` in the project folder as an operator runs it: a new process with this
    environment plus `env` (a None value removes that variable), output captured, 60 s."""
    merged = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={name: value for name, value in merged.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kwargs,
    )


@pytest.fixture
def app_factory(database: str):
    """Builds apps on this test's database, with extra settings if asked; afterwards it
    empties the database for the next test and closes every connection."""
    apps: list[Flask] = []

    def build(config: str = "testing", **settings) -> Flask:
        app = make_app(database, config, **settings)
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    yield build
    for n, app in enumerate(apps):
        with app.app_context():
            db.session.remove()
            if n == 0:
                with db.engine.begin() as connection:
                    for table in reversed(db.metadata.sorted_tables):
                        connection.execute(delete(table))
            db.engine.dispose()


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory()


@pytest.fixture
def app_with_a_bug(app_factory, monkeypatch) -> Flask:
    """An app whose poll list raises (a bug in the code), answering with a 500 as in
    production; `/` and `/api/polls` both list polls."""

    def broken(**_):
        raise RuntimeError("a bug")

    monkeypatch.setattr(queries, "list_polls", broken)
    return app_factory(PROPAGATE_EXCEPTIONS=False)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@dataclass
class Account:
    id: int
    email: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class AuthActions:
    """Signs people up and logs them in the way a client does: through the API."""

    def __init__(self, client: FlaskClient, app: Flask) -> None:
        self._client = client
        self._app = app

    def login(self, email: str, password: str = PASSWORD) -> str:
        response = self._client.post("/api/auth/token", json={"email": email, "password": password})
        assert response.status_code == 200, response.json
        return response.json["access_token"]

    def signup(self, **overrides) -> Account:
        body = user_payload(**overrides)
        response = self._client.post("/api/users", json=body)
        assert response.status_code == 201, response.json
        token = self.login(body["email"], body["password"])
        return Account(response.json["id"], body["email"], body["password"], token)

    def admin(self) -> Account:
        """An account made admin the way an operator does it: `manage.py create-admin`."""
        body = user_payload()
        result = self._app.test_cli_runner().invoke(
            args=["create-admin", body["email"], "--password", body["password"]]
        )
        assert result.exit_code == 0, result.output
        with self._app.app_context():
            user_id = db.session.scalar(db.select(User.id).where(User.email == body["email"]))
        return Account(user_id, body["email"], body["password"], self.login(body["email"]))


@pytest.fixture
def auth(client: FlaskClient, app: Flask) -> AuthActions:
    return AuthActions(client, app)


@pytest.fixture(autouse=True)
def no_leaked_app_context():
    """A test must not leave an app context pushed (as Flask's own suite checks)."""
    yield
    assert _cv_app.get(None) is None, "an app context was left pushed"
