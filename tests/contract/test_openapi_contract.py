"""The API keeps to its own OpenAPI document: Schemathesis sends generated requests, valid
and invalid, to every operation of /api/openapi.json and checks each answer against it: no
server error, a documented status, a documented content type, a body matching its schema.

Bounded and deterministic: a fixed budget of examples per operation, derandomized, with no
example database, so every run sends the same requests."""

from dataclasses import dataclass

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.polls_helpers import choice_ids, create_poll, vote
from tests.conftest import AuthActions, make_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 30  # with the coverage cases, the whole run takes well under a minute
SEED = 20240601

# The document does not depend on any data, so an app on an empty in-memory database serves
# it; each test then sends its requests to its own app on a fresh database (the `app` fixture).
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json",
    make_app("sqlite://"),
    config=schemathesis.Config.from_dict(
        {"seed": SEED, "generation": {"deterministic": True, "database": "none"}}
    ),
)


@dataclass
class World:
    """What generated requests can find: a signed-up user, their ranked poll and their
    ballot in it (so that ballots and instant-runoff rounds are answered too)."""

    headers: dict[str, str]
    user_id: int
    poll_id: str


@pytest.fixture
def world(client, app: Flask) -> World:
    owner = AuthActions(client, app).signup()
    poll = create_poll(client, owner, kind="ranked")
    assert vote(client, poll["id"], choice_ids(poll)[:2], owner).status_code == 201
    return World(owner.headers, owner.id, poll["id"])


def _aim_at_world(case, world: World) -> None:
    """Point ids in the path at the world's user and poll in about half of the cases (those
    whose generated id has an even length), so both existing and unknown ones are tried."""
    targets = {"poll_id": world.poll_id, "user_id": world.user_id}
    for name, value in (case.path_parameters or {}).items():
        if name in targets and len(str(value)) % 2 == 0:
            case.path_parameters[name] = targets[name]


def _callers(case, world: World) -> list[dict[str, str]]:
    """An operation that needs a token gets the world's; any other (its security absent, or
    with an empty alternative: the token is optional) is called both anonymously and with it."""
    security = case.operation.definition.raw.get("security")
    if security and {} not in security:
        return [world.headers]
    return [{}, world.headers]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    # one app and database per operation, shared by its examples, is the point of `world`
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_matches_the_openapi_document(case, app: Flask, world: World):
    _aim_at_world(case, world)
    for headers in _callers(case, world):
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)
