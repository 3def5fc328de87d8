"""flask-smorest's Blueprint, with the habits every resource shares: bodies must be JSON
objects, the general API rate limit applies, `@bp.auth_required` both guards a route
and documents the guard, and the OpenAPI document lists every error a route can answer."""

import json
import re
from collections.abc import Callable
from http import HTTPStatus

import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import BadRequest

from om_core.api.auth import guards
from om_core.api.errors import PROBLEM_CONTENT_TYPE
from om_core.plumbing.rate_limits import limit_api

# Errors any API route can answer, whatever it does: refuse_bad_token, limit_api and
# errors.handle_database_unavailable apply to every request under /api.
EVERY_ROUTE_PROBLEMS = {
    401: "No live bearer token: one is required here, or the one sent is malformed, "
    "expired or revoked (a token that is sent must be live, on every route).",
    429: "Over a rate limit; `Retry-After` says how many seconds to wait.",
    503: "The database is unavailable; `Retry-After` says how many seconds to wait.",
}
# And those of every route that reads a JSON body (JSONObjectParser, MAX_CONTENT_LENGTH).
BODY_PROBLEMS = {
    400: "The body is not JSON (as `Content-Type: application/json`), or not a JSON object.",
    413: "The body is larger than the server accepts.",
}
# What a 422 means wherever one is documented (webargs, or a domain error naming a field).
INVALID_FIELDS = "Some fields are not valid; `errors` holds the messages by field name."
RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}},
}


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
        guarded = self.alt_response(401, response="UNAUTHORIZED")(guarded)
        return self.doc(security=[{"bearerAuth": []}])(guarded)

    @staticmethod
    def _document_problems(doc: dict, doc_info: dict, *, api, **kwargs) -> dict:
        """Tell the truth about errors in the OpenAPI document: each route lists every status
        it can answer (those every route can give added here; no catch-all `default`), and
        each error is documented as what api/errors.py sends, `application/problem+json`."""
        responses = {str(status): answer for status, answer in doc.get("responses", {}).items()}
        responses.pop("default", None)
        common = EVERY_ROUTE_PROBLEMS | (BODY_PROBLEMS if "requestBody" in doc else {})
        for status, description in common.items():
            responses.setdefault(str(status), description)
        meanings = {422: INVALID_FIELDS} | common
        for status, answer in responses.items():
            if int(status) >= 400:
                responses[status] = _problem_response(int(status), answer, meanings, api)
        return {**doc, "responses": dict(sorted(responses.items()))}


def _problem_response(status: int, answer, meanings: dict[int, str], api) -> dict:
    """A problem details response. Its description: the route's own, if it gave one, else
    the usual meaning of this status here, else the status's name."""
    phrase = HTTPStatus(status).phrase
    own = answer.get("description") if isinstance(answer, dict) else None
    response = {
        "description": own if own and own != phrase else meanings.get(status, phrase),
        "content": {PROBLEM_CONTENT_TYPE: {"schema": api.ERROR_SCHEMA}},
    }
    if status in (429, 503):
        response["headers"] = RETRY_AFTER
    return response
