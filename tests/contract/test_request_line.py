"""Where the length of a query is refused, and how (docs/api.md, "Use from your program"): any
query within the documented limits reaches the app, the longest `q` included; the app answers
a `q` over its limit with a 422 problem; only a request line past gunicorn's limit
(gunicorn.conf.py) gets gunicorn's own 414 page, which the OpenAPI document lists."""

from urllib.parse import quote

from om_core.api.blueprint import REQUEST_LINE_MAX
from om_core.limits import QUESTION_MAX
from tests.conftest import make_app
from tests.live_server import call

WIDEST = "\N{GRINNING FACE}"  # 4 bytes in UTF-8, 12 characters once percent-encoded
SEARCH = "/api/polls?q="


def _search(url: str, q: str):
    return call(url, "GET", SEARCH + quote(q))


def _line_length(q: str) -> int:
    return len(f"GET {SEARCH}{quote(q)} HTTP/1.1")


def test_the_longest_q_with_every_filter_reaches_the_app(gunicorn_url: str):
    filters = "&status=closed&owner=2147483647&page=100000&per_page=100"
    reply = call(gunicorn_url, "GET", SEARCH + quote(WIDEST * QUESTION_MAX) + filters)
    assert reply.status == 200, reply.text
    assert reply.json["items"] == []


def test_a_q_over_its_limit_is_the_apps_422(gunicorn_url: str):
    reply = _search(gunicorn_url, WIDEST * (QUESTION_MAX + 1))
    assert reply.status == 422
    assert reply.content_type == "application/problem+json"
    assert reply.json["type"] == "/problems/validation-error"
    assert set(reply.json["errors"]) == {"q"}


def test_the_app_answers_up_to_gunicorns_limit_and_gunicorn_past_it(gunicorn_url: str):
    longest = "x" * (REQUEST_LINE_MAX - _line_length(""))
    assert _line_length(longest) == REQUEST_LINE_MAX
    assert _search(gunicorn_url, longest).status == 422  # the app's: q is too long
    refused = _search(gunicorn_url, longest + "x")
    assert refused.status == 414
    assert refused.content_type.startswith("text/html")


def test_the_document_lists_that_414_on_operations_that_take_a_query():
    document = make_app("sqlite://").test_client().get("/api/openapi.json").json
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            takes_query = any(p["in"] == "query" for p in operation.get("parameters", []))
            answers = operation["responses"]
            assert ("414" in answers) == takes_query, (method, path)
            if takes_query:
                assert set(answers["414"]["content"]) == {"text/html"}
