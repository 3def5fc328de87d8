"""flask-smorest's Blueprint, with the habits every resource shares: bodies must be JSON
objects, the general API rate limit applies, `@bp.auth_required` both guards a route
and documents the guard, and the OpenAPI document lists every error a route can answer, with
the problem types each one carries."""

import json
import re
from collections.abc import Callable
from http import HTTPStatus

import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import BadRequest

from om_core import errors
from om_core.api.auth import guards
from om_core.api.errors import (
    DATABASE_UNAVAILABLE,
    PLAIN_PROBLEM,
    PROBLEM_CONTENT_TYPE,
    UNSTORABLE_VALUE,
    VALIDATION_ERROR,
    problem_type,
    problem_types,
)
from om_core.plumbing.rate_limits import limit_api

# Errors any API route can answer, whatever it does (refuse_bad_token, limit_api and
# errors.handle_database_unavailable apply to every request under /api): what each means,
# and the problem types it carries.
EVERY_ROUTE_PROBLEMS = {
    401: (
        "The bearer token sent is malformed, expired or revoked (a token that is sent must "
        "be live, on every route).",
        problem_types(errors.DeadTokenError)[1],
    ),
    429: (
        "Over a rate limit; `Retry-After` says how many seconds to wait.",
        [PLAIN_PROBLEM],
    ),
    503: (
        "The database is unavailable; `Retry-After` says how many seconds to wait.",
        [problem_type(DATABASE_UNAVAILABLE)],
    ),
}
# And those of every route that reads a JSON body (JSONObjectParser, MAX_CONTENT_LENGTH).
BODY_PROBLEMS = {
    400: (
        "The body is not JSON (as `Content-Type: application/json`), not a JSON object, or "
        "holds a value that cannot be stored.",
        [PLAIN_PROBLEM, problem_type(UNSTORABLE_VALUE)],
    ),
    413: ("The body is larger than the server accepts.", [PLAIN_PROBLEM]),
}
# What a 422 means wherever one is documented (webargs, or a domain error naming a field).
INVALID_FIELDS = (
    "Some fields are not valid; `errors` holds the messages by field name.",
    [problem_type(VALIDATION_ERROR)],
)
RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}},
}
# gunicorn's limit_request_line (gunicorn.conf.py): the longest request line it takes, in
# bytes. A query within the documented limits fits, the longest `q` included.
REQUEST_LINE_MAX = 8190
URI_TOO_LONG = {
    "description": f"The request line (method, path and query) is longer than "
    f"{REQUEST_LINE_MAX:,} bytes. gunicorn refuses it before the app sees it, with its own "
    "HTML page, not problem details. A query within the documented limits never gets this.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}
UNAUTHENTICATED = (
    "No bearer token, or one that is malformed, expired or revoked: this needs a live one."
)
# Operations whose answer depends on who calls, and that serve callers without a token too.
TOKEN_OPTIONAL = [{}, {"bearerAuth": []}]
MANAGER_UNAUTHENTICATED = (
    "Neither a live bearer token nor the poll's admin token (`X-Poll-Admin-Token`)."
)


# A \uXXXX escape of a UTF-16 surrogate: JSON's grammar allows one alone, Unicode does not.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class JSONObjectParser(FlaskParser):
    """A body is a JSON object or nothing: any other JSON value, a non-JSON content type,
    nesting too deep to parse, a number too long to read or a string that is not Unicode is
    a 400, per docs/api.md (never a 500 from deeper down). `load_json` is the parser's public
    hook for this (webargs' docs: "implement their own behavior for load_json")."""

    def load_json(self, req, schema):
        data = req.get_data(cache=True)
        if not data:
            return core.missing
        if not is_json_request(req):
            raise BadRequest("The body must be JSON, sent as Content-Type: application/json.")
        try:
            body = super().load_json(req, schema)  # malformed JSON: webargs' own 400
        except RecursionError as error:
            raise BadRequest("The JSON body is nested too deeply.") from error
        except ValueError as error:  # Python reads integers of at most 4,300 digits
            raise BadRequest("The JSON body holds a number too long to read.") from error
        if not isinstance(body, dict):
            raise BadRequest("The JSON body must be an object.")
        if SURROGATE_ESCAPE.search(data) and _has_lone_surrogate(body):
            raise BadRequest("The JSON body holds a string that is not valid Unicode.")
        return body


def _has_lone_surrogate(body: dict) -> bool:
    """Whether a string in `body` holds half a surrogate pair (a pair is one character by
    now): no database, hash or page can take one."""
    try:
        json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return True
    return False


class Blueprint(flask_smorest.Blueprint):
    """A resource's blueprint: under the general API rate limit, refusing dead tokens."""

    ARGUMENTS_PARSER = JSONObjectParser()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_api(self)
        self.before_request(guards.refuse_bad_token)
        self._prepare_doc_cbks.append(self._document_problems)

    def auth_required(self, view: Callable) -> Callable:
        """Refuse callers without a live bearer token (401); say so in the OpenAPI document."""
        guarded = guards.token_required(view)
        guarded = self.problem(401, description=UNAUTHENTICATED)(guarded)
        return self.doc(security=[{"bearerAuth": []}])(guarded)

    def manager_required(self, view: Callable) -> Callable:
        """Refuse callers with neither a live bearer token nor a poll admin token (401); say
        so in the OpenAPI document (who manages this poll is the route's 403)."""
        guarded = guards.manager_credentials_required(view)
        guarded = self.problem(401, description=MANAGER_UNAUTHENTICATED)(guarded)
        return self.doc(security=[{"bearerAuth": []}, {"pollAdminToken": []}])(guarded)

    def manager_optional(self, view: Callable) -> Callable:
        """Document that the route serves everyone, and shows a poll's manager more: with a
        bearer token (its owner, an admin) or the poll's admin token."""
        return self.doc(security=[*TOKEN_OPTIONAL, {"pollAdminToken": []}])(view)

    def auth_optional(self, view: Callable) -> Callable:
        """Document that the route serves callers with and without a token, and answers each
        as who they are (OpenAPI's optional security: an empty alternative)."""
        return self.doc(security=TOKEN_OPTIONAL)(view)

    def problem(
        self, *causes: int | type[errors.DomainError], description: str | None = None
    ) -> Callable[[Callable], Callable]:
        """Document an error answer of the route: its status, what it means, and the problem
        types it carries, each cause's (a domain error's own type, or `about:blank` for a
        status given as a number, an `abort()`). The causes share one status."""
        status, types = problem_types(*causes)

        def decorator(view: Callable) -> Callable:
            view = self.alt_response(status, description=description)(view)
            # Kept beside the decorators' own doc info, as flask-smorest's decorators keep
            # theirs, for _document_problems to read.
            view._apidoc.setdefault("problem_types", {}).setdefault(status, []).extend(types)
            return view

        return decorator

    @staticmethod
    def _document_problems(doc: dict, doc_info: dict, **kwargs) -> dict:
        """Tell the truth about errors in the OpenAPI document: each route lists every status
        it can answer (those every route can give added here; no catch-all `default`), each
        error as what api/errors.py sends, `application/problem+json`, with its problem types;
        a route that takes a query also lists gunicorn's 414."""
        responses = {str(status): answer for status, answer in doc.get("responses", {}).items()}
        responses.pop("default", None)
        common = EVERY_ROUTE_PROBLEMS | (BODY_PROBLEMS if "requestBody" in doc else {})
        if "422" in responses:  # webargs' (arguments) and any domain error's
            common |= {422: INVALID_FIELDS}
        declared = doc_info.get("problem_types", {})
        for status, answer in responses.items():
            if int(status) >= 400:
                meaning, types = common.get(int(status), (None, []))
                types = [*declared.get(int(status), []), *types]
                responses[status] = _problem_response(int(status), answer, meaning, types)
        for status, (meaning, types) in common.items():
            responses.setdefault(str(status), _problem_response(status, None, meaning, types))
        if any(parameter.get("in") == "query" for parameter in doc.get("parameters", [])):
            responses["414"] = URI_TOO_LONG
        return {**doc, "responses": dict(sorted(responses.items()))}


def _problem_response(status: int, answer, meaning: str | None, types: list[str]) -> dict:
    """A problem details response, with the problem types it can carry. Its description: the
    route's own, if it gave one, else the usual meaning of this status here, else its name."""
    phrase = HTTPStatus(status).phrase
    own = answer.get("description") if isinstance(answer, dict) else None
    schema: dict = {"$ref": "#/components/schemas/Problem"}
    if types:  # none when a route documents an error with alt_response, not problem()
        schema["properties"] = {"type": {"enum": list(dict.fromkeys(types))}}
    response = {
        "description": own if own and own != phrase else meaning or phrase,
        "content": {PROBLEM_CONTENT_TYPE: {"schema": schema}},
    }
    if status in (429, 503):
        response["headers"] = RETRY_AFTER
    return response
