"""manage.py and app.py as an operator runs them: real processes, real ports."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from sqlalchemy import select

from om_core.data import User, db
from tests.conftest import ROOT, run_python


def run_manage(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, env=env, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(port: int, process: subprocess.Popen) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                return {"status": r.status, "body": r.read().decode()}
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not answer in time")


def test_help_lists_every_command():
    result = run_manage("--help")
    assert result.returncode == 0
    for command in ("db", "run", "create-admin", "seed", "check", "routes", "shell"):
        assert f"  {command} " in result.stdout


def test_db_help_lists_the_migration_commands():
    result = run_manage("db", "--help")
    for command in ("init", "migrate", "upgrade", "downgrade", "current", "history", "check"):
        assert f"  {command} " in result.stdout


def test_routes_lists_the_api(tmp_path):
    result = run_manage("routes", env={"DATABASE_URL": f"sqlite:///{tmp_path}/r.db"})
    assert "/api/users" in result.stdout
    assert "/api/auth/token" in result.stdout


@pytest.mark.parametrize("command", [["manage.py", "run"], ["app.py"]])
def test_server_answers_on_the_configured_port(tmp_path, command):
    port = free_port()
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path}/s.db"}
    assert run_manage("db", "upgrade", env=env).returncode == 0
    env["FLASK_DEBUG"] = "0"
    process = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env={**env, "APP_CONFIG": "testing"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answer = wait_for_health(port, process)
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
    assert answer["status"] == 200
    assert '"database":"ok"' in answer["body"].replace(" ", "")


def test_production_refuses_to_start_without_a_secret_key():
    env = {"APP_CONFIG": "production", "SECRET_KEY": "", "CORS_ORIGINS": "https://a.example"}
    result = run_python("-c", "import app", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_create_admin_asks_for_the_password_and_makes_an_admin(runner, app):
    result = runner.invoke(args=["create-admin", "Root@Example.org"], input="long password\n" * 2)
    assert result.exit_code == 0, result.output
    assert "long password" not in result.output.replace("Password", "")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "root@example.org"))
        assert user.is_admin and user.password.startswith("$argon2id$")


def test_create_admin_refuses_a_taken_email(runner, auth):
    account = auth.signup()
    result = runner.invoke(args=["create-admin", account.email, "--password", "long password"])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_create_admin_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-admin", "a@example.org", "--password", "short"])
    assert result.exit_code != 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email"], "email"),
        (["a@example.org", "--name", "bad\x1bname"], "control characters"),
        (["a@example.org", "--surname", "   "], "surname"),
    ],
)
def test_create_admin_keeps_the_rules_of_registering(runner, app, args, message):
    result = runner.invoke(args=["create-admin", *args, "--password", "long password"])
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_create_admin_trims_the_email_as_registering_does(runner, auth):
    result = runner.invoke(args=["create-admin", "  Mixed@Example.ORG ", "--password", "long pw!"])
    assert result.exit_code == 0, result.output
    assert auth.login("mixed@example.org", "long pw!")


@pytest.mark.parametrize(("config", "debug"), [("development", "True"), ("production", "False")])
def test_manage_py_takes_debug_from_the_config(tmp_path, config, debug):
    env = {
        "APP_CONFIG": config,
        "SECRET_KEY": "a key only this test uses, long enough to pass",
        "CORS_ORIGINS": "https://polls.example",
        "DATABASE_URL": f"sqlite:///{tmp_path}/d.db",
    }
    env["FLASK_DEBUG"] = None  # the config decides, not an override from the environment
    result = run_manage("shell", env=env, input="print('debug is', app.debug)\n")
    assert f"debug is {debug}" in result.stdout, result.stderr
