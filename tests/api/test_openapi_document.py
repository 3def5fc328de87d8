"""The OpenAPI document says what a generated client needs to trust it: every operation named,
every field typed as the server sends it, each error's problem types, and nothing unused.
Schemathesis (tests/contract) checks the server's answers against it; these tests check the
document itself, and that the committed docs/openapi.json is the one served."""

import json
from collections.abc import Iterator

import pytest

from om_core.api.errors import DOMAIN_PROBLEMS, problem_type
from om_core.voting.interfaces import PollKind
from om_core.voting.registry import KINDS, register_kind
from tests.conftest import ROOT, make_app

COMMITTED = ROOT / "docs" / "openapi.json"
# Response fields the server does not always send (every other one is `required`).
# Ranked polls only; a new poll's admin token only for a poll made without an account.
SOMETIMES_SENT = {("Results", "rounds"), ("NewPoll", "admin_token")}
OPTIONAL_TOKEN = [{}, {"bearerAuth": []}]


def served() -> dict:
    return make_app("sqlite://").test_client().get("/api/openapi.json").json


@pytest.fixture(scope="module")
def document() -> dict:
    return served()


def operations(document: dict) -> Iterator[tuple[str, str, dict]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield method.upper(), path, operation


def operation(document: dict, operation_id: str) -> dict:
    return next(op for _, _, op in operations(document) if op["operationId"] == operation_id)


def refs(node) -> Iterator[str]:
    """Every `$ref` under `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.rsplit("/", 1)[-1]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def reachable(document: dict, start) -> set[str]:
    """The component schemas `start` refers to, directly or through other components."""
    schemas = document["components"]["schemas"]
    found, new = set(), set(refs(start))
    while new:
        found |= new
        new = {name for component in new for name in refs(schemas[component])} - found
    return found


def test_the_committed_document_is_the_one_served(document):
    assert json.loads(COMMITTED.read_text()) == document, (
        "docs/openapi.json is not the document the app serves: run `make openapi` "
        "(python manage.py openapi write docs/openapi.json) and commit the result"
    )


def test_every_operation_has_a_stable_readable_id_and_a_summary(document):
    ids = [op.get("operationId") for _, _, op in operations(document)]
    assert len(ids) == 23
    assert all(ids) and len(set(ids)) == len(ids)
    assert all(op_id[0].islower() and op_id.isalnum() for op_id in ids), ids  # camelCase
    assert {"castVote", "getMyBallot", "getResults", "createPoll", "createToken"} <= set(ids)
    assert all(op.get("summary") for _, _, op in operations(document))


def test_every_tag_and_every_parameter_is_described(document):
    assert all(tag.get("description") for tag in document["tags"])
    parameters = [
        parameter
        for item in document["paths"].values()
        for parameter in [
            *item.get("parameters", []),
            *(
                p
                for key, op in item.items()
                if key != "parameters"
                for p in op.get("parameters", [])
            ),
        ]
    ]
    assert parameters
    assert [p["name"] for p in parameters if not p.get("description")] == []


def test_response_fields_the_server_always_sends_are_required(document):
    schemas = document["components"]["schemas"]
    successes = [
        response
        for _, _, op in operations(document)
        for status, response in op["responses"].items()
        if status.startswith("2")
    ]
    objects = {name for name in reachable(document, successes) if "properties" in schemas[name]}
    assert {"Poll", "Owner", "Ballot", "Results", "Round", "Token", "Account", "User"} <= objects
    for name in objects:
        schema = schemas[name]
        optional = set(schema["properties"]) - set(schema.get("required", []))
        assert {(name, field) for field in optional} <= SOMETIMES_SENT, name


def test_nullable_fields_say_so(document):
    poll = document["components"]["schemas"]["Poll"]["properties"]
    assert poll["owner"]["anyOf"] == [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]
    for field in ("description", "max_selections", "closes_at"):
        assert "null" in poll[field]["type"], field
    assert "null" not in poll["question"]["type"]


def test_enumerations_are_components_that_every_field_refers_to(document):
    schemas = document["components"]["schemas"]
    inline = [
        name
        for name, schema in schemas.items()
        for field in schema.get("properties", {}).values()
        if "enum" in field
    ]
    assert inline == []
    poll, create = schemas["Poll"]["properties"], schemas["PollCreate"]["properties"]
    for field, component in [
        ("kind", "PollKind"),
        ("results_visibility", "ResultsVisibility"),
        ("visibility", "Visibility"),
    ]:
        reference = {"$ref": f"#/components/schemas/{component}"}
        assert poll[field] == create[field] == reference
        assert schemas["PollUpdate"]["properties"][field] == reference
    assert schemas["Results"]["properties"]["kind"] == {"$ref": "#/components/schemas/PollKind"}
    assert schemas["Token"]["properties"]["token_type"] == {
        "$ref": "#/components/schemas/TokenType"
    }
    assert schemas["TokenType"]["enum"] == ["Bearer"]
    assert schemas["PollKind"]["enum"] == list(KINDS)
    status = next(
        p for p in operation(document, "listPolls")["parameters"] if p["name"] == "status"
    )
    assert status["schema"] == {"$ref": "#/components/schemas/PollStatus"}


@pytest.fixture
def a_new_kind() -> Iterator[str]:
    kind = register_kind(PollKind("pick_one_of_two", "Pick", "plurality", "one", lambda *a: ()))
    yield kind.name
    del KINDS[kind.name]


def test_poll_kinds_come_from_the_registry_when_the_app_starts(a_new_kind):
    assert a_new_kind in served()["components"]["schemas"]["PollKind"]["enum"]


def test_operations_that_take_an_optional_token_declare_it(document):
    optional = {
        op["operationId"]
        for _, _, op in operations(document)
        if op.get("security") == OPTIONAL_TOKEN
    }
    assert optional == {
        "getUser",
        "createPoll",  # without a token: a poll without an account
        "castVote",
        "getMyBallot",
        "replaceMyBallot",
        "withdrawMyBallot",
    }
    manager_optional = [*OPTIONAL_TOKEN, {"pollAdminToken": []}]  # a guest poll's manager
    for op_id in ("getResults", "getResultsCsv"):
        assert operation(document, op_id)["security"] == manager_optional, op_id
    manager = [{"bearerAuth": []}, {"pollAdminToken": []}]
    for op_id in ("updatePoll", "deletePoll", "closePoll"):
        assert operation(document, op_id)["security"] == manager, op_id
    both = [{"bearerAuth": [], "pollAdminToken": []}]
    assert operation(document, "claimPoll")["security"] == both


def test_an_anonymous_votes_answer_documents_the_voter_cookie(document):
    created = operation(document, "castVote")["responses"]["201"]
    assert "poll_voter" in created["headers"]["Set-Cookie"]["description"]


def _problem_types(response: dict, where: tuple = ()) -> list[str]:
    schema = response["content"]["application/problem+json"]["schema"]
    assert schema["$ref"] == "#/components/schemas/Problem", where
    assert "properties" in schema, f"{where}: no problem types (document it with @bp.problem)"
    return schema["properties"]["type"]["enum"]


def test_each_error_response_lists_the_problem_types_it_carries(document):
    vote = operation(document, "castVote")["responses"]
    assert _problem_types(vote["422"]) == ["/problems/invalid-ballot", "/problems/validation-error"]
    assert _problem_types(vote["409"]) == ["/problems/already-voted", "/problems/poll-closed"]
    assert _problem_types(vote["401"]) == ["/problems/login-required", "/problems/dead-token"]
    assert _problem_types(operation(document, "getMe")["responses"]["401"]) == [
        "about:blank",
        "/problems/dead-token",
    ]
    service_types = {problem_type(slug) for _, slug, _ in DOMAIN_PROBLEMS.values()}
    for method, path, op in operations(document):
        for status, response in op["responses"].items():
            if int(status) >= 400 and status != "414":
                types = _problem_types(response, (method, path, status))
                assert types and set(types) <= service_types | {
                    "about:blank",
                    "/problems/validation-error",
                    "/problems/database-unavailable",
                    "/problems/unstorable-value",
                }, (method, path, status)


def test_problem_details_allow_extension_members(document):
    problem = document["components"]["schemas"]["Problem"]
    assert problem.get("additionalProperties", True) is not False
    assert set(problem["required"]) == {"type", "title", "status", "detail"}


def test_every_component_is_used(document):
    used = set(refs(document["paths"]))
    while (
        more := {n for name in used for n in refs(document["components"]["schemas"][name])} - used
    ):
        used |= more
    assert set(document["components"]["schemas"]) == used
    assert "PaginationMetadata" not in document["components"]["schemas"]
