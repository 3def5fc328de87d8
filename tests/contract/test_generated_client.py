"""A client generated from the app's own OpenAPI document works, and is typed as the server
answers: openapi-python-client generates it without a single warning, `mypy --strict` finds
nothing wrong in client_scenario.py (the example of docs/api.md), and the scenario runs
against a live gunicorn and sees what it should."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_app

SCENARIO = Path(__file__).with_name("client_scenario.py")
API_DOC = ROOT / "docs" / "api.md"
PACKAGE = "poll_app_client"
BIN = Path(sys.executable).parent
TIMEOUT = 120


def _run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A folder holding `poll_app_client`, generated from /api/openapi.json as served."""
    folder = tmp_path_factory.mktemp("generated")
    document = make_app("sqlite://").test_client().get("/api/openapi.json").json
    (folder / "openapi.json").write_text(json.dumps(document))
    # No post hooks: the generator would run ruff on the client, which is not ours to lint.
    (folder / "config.json").write_text(
        json.dumps({"package_name_override": PACKAGE, "post_hooks": []})
    )
    result = _run(
        BIN / "openapi-python-client",
        "generate",
        "--path=openapi.json",
        "--config=config.json",
        "--meta=none",
        f"--output-path={PACKAGE}",
        "--fail-on-warning",
        cwd=folder,
    )
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert not re.search(r"warning|error", said, re.IGNORECASE), said
    return folder


def test_the_scenario_type_checks_with_mypy_strict(generated: Path, tmp_path: Path):
    result = _run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        f"--cache-dir={tmp_path / 'mypy'}",
        SCENARIO,
        cwd=ROOT,
        env={"MYPYPATH": str(generated), "PATH": str(BIN)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found"), result.stdout


def test_every_operation_gets_a_method_named_by_its_operation_id(generated: Path):
    modules = {path.stem for path in (generated / PACKAGE / "api").rglob("*.py")}
    assert {"cast_vote", "get_my_ballot", "get_results", "create_poll", "create_token"} <= modules
    assert not any(name.startswith(("get_api", "post_api")) for name in modules)


def test_the_scenario_runs_against_a_live_server(generated: Path, gunicorn_url: str):
    result = _run(
        sys.executable, SCENARIO, gunicorn_url, cwd=ROOT, env={"PYTHONPATH": str(generated)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "409 /problems/already-voted",
        "my ballot: True",  # the anonymous client kept its voter cookie
        "Pizza: 1 (50.0%)",
        "Sushi: 1 (50.0%)",
        "Salad: 0 (0.0%)",
        "winners: Pizza, Sushi",
    ]


def test_docs_show_the_scenario_as_it_is_tested():
    scenario = SCENARIO.read_text()
    program = scenario[scenario.index("import sys") :]
    assert f"```python\n{program}```" in API_DOC.read_text(), (
        "docs/api.md, 'Use from your program', must show tests/contract/client_scenario.py "
        "from `import sys` on, as it is"
    )
