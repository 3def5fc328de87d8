"""Problem details for every error under /api, HTML error pages elsewhere, and the HTTP
plumbing (CORS, slashes, sizes)."""

import json

import pytest
from sqlalchemy import select

from om_core.data import Poll, db
from tests.conftest import make_app
from tests.factories import user_payload
from tests.web_forms import log_in


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    body = response.json
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def test_unknown_api_path_is_404_problem(client):
    assert_problem(client.get("/api/no/such/thing"), 404)


def test_wrong_method_is_405_problem_with_allow(client):
    response = client.put("/api/users")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("body", ["{not json", '{"email": ', "\xff\xfe", "nul\x00l"])
def test_malformed_json_is_400_problem(client, body):
    assert_problem(client.post("/api/users", data=body, content_type="application/json"), 400)


@pytest.mark.parametrize("body", ["[]", "[1, 2]", '"a string"', "42", "null", "true"])
def test_json_that_is_not_an_object_is_400_problem(client, body):
    detail = assert_problem(
        client.post("/api/users", data=body, content_type="application/json"), 400
    )
    assert "object" in detail["detail"]


@pytest.mark.parametrize("path", ["/api/users", "/api/auth/token"])
def test_body_that_is_not_json_is_400_problem(client, path):
    response = client.post(path, data=json.dumps(user_payload()), content_type="text/plain")
    assert_problem(response, 400)


@pytest.mark.parametrize("path", ["/api/users", "/api/auth/token"])
def test_a_form_body_is_400_problem(client, path):
    assert_problem(client.post(path, data={"email": "a@example.org", "password": "x"}), 400)


def test_deeply_nested_json_is_400_not_500(client):
    body = "[" * 20000 + "]" * 20000
    assert_problem(client.post("/api/users", data=body, content_type="application/json"), 400)


@pytest.mark.parametrize("field", ["email", "password", "name"])
def test_a_lone_surrogate_is_400_problem_and_stores_nothing(client, field):
    body = json.dumps(user_payload()).replace(f'"{field}": "', f'"{field}": "\\ud800', 1)
    problem = assert_problem(
        client.post("/api/users", data=body, content_type="application/json"), 400
    )
    assert "Unicode" in problem["detail"]
    assert client.get("/api/users").json["total"] == 0


def test_a_surrogate_pair_is_one_character_and_welcome(client):
    body = json.dumps(user_payload(name="\U0001f600"))  # escaped as \ud83d\ude00
    assert "\\ud83d" in body
    response = client.post("/api/users", data=body, content_type="application/json")
    assert response.status_code == 201
    assert response.json["name"] == "\U0001f600"


def test_a_number_too_long_to_read_is_400_problem(client):
    body = '{"email": ' + "9" * 5000 + "}"
    problem = assert_problem(
        client.post("/api/users", data=body, content_type="application/json"), 400
    )
    assert "number" in problem["detail"]


def test_oversized_body_is_413_problem(client, app):
    big = json.dumps(user_payload(name="x" * app.config["MAX_CONTENT_LENGTH"]))
    assert_problem(client.post("/api/users", data=big, content_type="application/json"), 413)


def test_validation_error_lists_messages_per_field(client):
    body = assert_problem(client.post("/api/users", json={"email": "nope"}), 422)
    assert body["type"].endswith("validation-error")
    assert all(isinstance(messages, list) for messages in body["errors"].values())


@pytest.mark.parametrize("path", ["/api/users", "/api/users/", "/api/health", "/api/health/"])
def test_slashes_are_not_strict(client, path):
    assert client.get(path).status_code == 200


def test_cors_allows_configured_origins_on_api(client):
    response = client.get("/api/health", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://elsewhere.example")


def test_cors_answers_errors_of_cross_origin_requests(client):
    response = client.get("/api/polls/999999", headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://elsewhere.example")


def production_app_for_two_origins(tmp_path):
    return make_app(
        f"sqlite:///{tmp_path / 'p.db'}",
        "production",
        SECRET_KEY="a-long-random-production-secret-for-the-test",
        ORIGINS=["https://polls.example", "http://127.0.0.1:8000"],
    )


def test_requests_without_origin_get_no_cors_headers(tmp_path):
    """Not a CORS request: no headers, and in particular not the list of allowed origins."""
    response = production_app_for_two_origins(tmp_path).test_client().get("/api/health")
    assert response.status_code == 200
    assert not [name for name, _ in response.headers if name.startswith("Access-Control")]


def test_cors_preflight_is_answered(client):
    response = client.options(
        "/api/users",
        headers={"Origin": "https://a.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://evil.example", None),
        ("https://polls.example.evil.example", None),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_production_cors_answers_listed_origins_only(tmp_path, origin, allowed):
    app = production_app_for_two_origins(tmp_path)
    headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
    response = app.test_client().options("/api/users", headers=headers)
    assert response.headers.get("Access-Control-Allow-Origin") == allowed


def test_paths_outside_api_keep_html_errors(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")


def assert_error_page(response, status: int) -> str:
    assert response.status_code == status
    assert response.content_type.startswith("text/html")
    page = response.get_data(as_text=True)
    assert f"<h1>{status} " in page
    assert "Traceback" not in page
    return page


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("PUT", "/p/abcdefghijk", "GET"), ("GET", "/p/abcdefghijk/claim", "POST")],
)
def test_wrong_method_on_a_page_is_405_html_with_allow(client, method, path, allowed):
    response = client.open(path, method=method)
    assert_error_page(response, 405)
    assert allowed in response.headers["Allow"]


def unreachable_database(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite'}"


@pytest.mark.parametrize("path", ["/", "/p/abcdefghijk", "/p/abcdefghijk/results"])
def test_pages_are_503_html_with_retry_after_when_the_database_is_unreachable(tmp_path, path):
    response = make_app(unreachable_database(tmp_path)).test_client().get(path)
    assert "database is unavailable" in assert_error_page(response, 503)
    assert int(response.headers["Retry-After"]) > 0


def test_the_503_page_needs_no_database_to_know_who_is_signed_in(client, auth, tmp_path):
    log_in(client, auth.signup().email)
    browser = make_app(unreachable_database(tmp_path)).test_client()
    browser.set_cookie("session", client.get_cookie("session").value)
    assert_error_page(browser.get("/"), 503)


def test_a_page_given_a_value_the_database_refuses_is_400_html(app, client):
    """The pages keep such values from the database (a search or login with a NUL), but one
    that did not would get the HTML error page: a page added here sends one for real."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite stores a NUL; PostgreSQL refuses it")

    def refused():
        return str(db.session.scalar(select(Poll.id).where(Poll.question == "a\x00")))

    app.add_url_rule("/refused", "refused", refused)
    assert "cannot be stored" in assert_error_page(client.get("/refused"), 400)
