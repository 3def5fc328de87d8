"""The one place an error becomes a response: RFC 9457 problem details under /api.

Controllers raise domain errors (om_core/errors.py) or call `abort(status, detail)`; the handlers
here turn both into `application/problem+json`. Paths outside /api keep HTML error pages.
"""

from http import HTTPStatus

import marshmallow as ma
from flask import Flask, Response, current_app, json, request
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    NotFound,
    ServiceUnavailable,
    default_exceptions,
)

from om_core import errors
from om_core.data import db
from om_core.plumbing.sessions import is_api_path

PROBLEM_CONTENT_TYPE = "application/problem+json"
PLAIN_PROBLEM = "about:blank"  # RFC 9457: a problem that says no more than its HTTP status

# The service's own problems that are no domain error: their type slugs.
VALIDATION_ERROR = "validation-error"
DATABASE_UNAVAILABLE = "database-unavailable"
UNSTORABLE_VALUE = "unstorable-value"

# Each domain error: its status, its problem type slug and title.
DOMAIN_PROBLEMS: dict[type[errors.DomainError], tuple[int, str, str]] = {
    errors.InvalidBallotError: (422, "invalid-ballot", "Invalid ballot"),
    errors.EmailTakenError: (409, "email-taken", "Email already registered"),
    errors.InvalidCredentialsError: (401, "invalid-credentials", "Invalid credentials"),
    errors.WrongPasswordError: (403, "wrong-password", "Wrong current password"),
    errors.InvalidPollError: (422, "invalid-poll", "Invalid poll"),
    errors.PollClosedError: (409, "poll-closed", "Poll closed"),
    errors.AlreadyVotedError: (409, "already-voted", "Already voted"),
    errors.PollHasVotesError: (409, "poll-has-votes", "Poll has votes"),
    errors.NoBallotError: (404, "no-ballot", "No ballot"),
    errors.ResultsHiddenError: (403, "results-hidden", "Results hidden"),
    errors.LoginRequiredError: (401, "login-required", "Login required"),
    errors.DeadTokenError: (401, "dead-token", "Bearer token not live"),
    errors.PollNotFoundError: (404, "poll-not-found", "Poll not found"),
}


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, as every API error is answered (for the OpenAPI document).
    Extension members are allowed (RFC 9457, 3.2), so generated clients keep any added later."""

    class Meta:
        unknown = ma.INCLUDE

    type = ma.fields.String(
        required=True,
        metadata={
            "format": "uri-reference",
            "description": "`about:blank` (no more than the status says) or "
            "`/problems/<slug>`; each response lists those it can carry",
        },
    )
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Messages per field, on validation failures"},
    )


def problem_type(slug: str | None) -> str:
    """The `type` of a problem: the service's own `/problems/<slug>`, else `about:blank`."""
    return f"/problems/{slug}" if slug else PLAIN_PROBLEM


def problem_types(*causes: int | type[errors.DomainError]) -> tuple[int, list[str]]:
    """The one status and the problem types of these causes, for the OpenAPI document: a
    domain error's own (DOMAIN_PROBLEMS), or `about:blank` for a status given as a number
    (an `abort()`)."""
    answers = [
        (cause, PLAIN_PROBLEM) if isinstance(cause, int) else _domain_problem(cause)
        for cause in causes
    ]
    statuses = {status for status, _ in answers}
    if len(statuses) != 1:
        raise ValueError(f"problems of one response must share one status, not {statuses}")
    return statuses.pop(), [uri for _, uri in answers]


def _domain_problem(error_class: type[errors.DomainError]) -> tuple[int, str]:
    status, slug, _ = DOMAIN_PROBLEMS[error_class]
    return status, problem_type(slug)


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    field_errors: dict | None = None,
    headers: dict | None = None,
) -> Response:
    """Build a problem details response."""
    body = {
        "type": problem_type(slug),
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if field_errors:
        body["errors"] = field_errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_CONTENT_TYPE)
    response.headers.update(headers or {})
    if status == 401:
        response.headers.setdefault("WWW-Authenticate", "Bearer")
    return response


def _field_errors(messages: dict | list, prefix: str = "") -> dict[str, list[str]]:
    """Flatten webargs/marshmallow messages ({"json": {"choices": {0: [...]}}}) to
    {"choices.0": [...]}: the location level goes, nested fields join with dots."""
    if isinstance(messages, list):
        return {prefix or "_body": [str(message) for message in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        flat.update(_field_errors(value, name))
    return flat


def _webargs_errors(error: HTTPException) -> dict[str, list[str]]:
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    flat: dict[str, list[str]] = {}
    for location_messages in messages.values():  # drop the location ("json", "query") level
        flat.update(_field_errors(location_messages))
    return flat


def handle_http_exception(error: HTTPException) -> Response:
    """Every HTTPException: abort(), routing 404/405, 413, webargs' 400/422, and the 500 that
    Flask makes of an unhandled error."""
    if error.code == 500:  # Flask has logged it ("Exception on <path>"), traceback and all
        db.session.rollback()
    headers = _retry_after(error)
    if not is_api_path(request.path):
        return _error_page(error, headers)
    field_errors = _webargs_errors(error)
    detail = error.description or ""
    if error.code == 422:
        return problem(
            422,
            "Some fields are not valid; see `errors`.",
            slug=VALIDATION_ERROR,
            title="Invalid fields",
            field_errors=field_errors,
        )
    if field_errors:  # webargs' 400 for a malformed body carries its reason as a message
        detail = " ".join(message for messages in field_errors.values() for message in messages)
    if error.code == 405:
        headers["Allow"] = ", ".join(error.valid_methods or [])
    return problem(error.code or 500, detail, headers=headers)


def _error_page(error: HTTPException, headers: dict[str, str]) -> Response:
    """The web pages' HTML error page. It skips the template context processors: Flask-Login's
    reads the signed-in user from the database, which may be what just failed."""
    message = error.description if error.code != 500 else "Something went wrong on our side."
    page = current_app.jinja_env.get_template("error.html").render(error=error, message=message)
    response = Response(page, status=error.code, headers=error.get_headers(), mimetype="text/html")
    response.headers.update(headers)  # the error's own (Allow, WWW-Authenticate...) and ours
    return response


def _retry_after(error: HTTPException) -> dict[str, str]:
    """A rate-limited request learns how long to wait: the limit's window, at most."""
    if isinstance(error, RateLimitExceeded):
        return {"Retry-After": str(error.limit.limit.get_expiry())}
    return {}


def handle_domain_error(error: errors.DomainError) -> Response:
    """A domain error a view let through: problem details under /api, else the HTML page of
    the same status (a web vote in a poll deleted meanwhile gets the 404 page)."""
    status, slug, title = DOMAIN_PROBLEMS[type(error)]
    if not is_api_path(request.path):
        return _error_page(default_exceptions[status](str(error)), {})
    field = getattr(error, "field", None)
    field_errors = {field: [str(error)]} if field else None
    return problem(status, str(error), slug=slug, title=title, field_errors=field_errors)


def handle_database_unavailable(error: OperationalError) -> Response:
    """The database is down or unreachable: a quick 503 the client may retry, not a 500."""
    db.session.rollback()
    current_app.logger.warning("database unavailable: %s", type(error.orig).__name__)
    detail = "The database is unavailable; try again shortly."
    headers = {"Retry-After": "5"}
    if not is_api_path(request.path):
        return _error_page(ServiceUnavailable(detail), headers)
    return problem(
        503, detail, slug=DATABASE_UNAVAILABLE, title="Service unavailable", headers=headers
    )


def handle_unstorable_value(error: DataError) -> Response:
    """A value the database cannot hold got past validation: the client's fault, not a 500."""
    db.session.rollback()
    current_app.logger.warning("value refused by the database: %s", type(error.orig).__name__)
    detail = "A value in the request cannot be stored."
    if not is_api_path(request.path):
        return _error_page(BadRequest(detail), {})
    return problem(400, detail, slug=UNSTORABLE_VALUE)


def handle_deleted_meanwhile(error: StaleDataError | ObjectDeletedError) -> Response:
    """What the request changed or read back was deleted by another one meanwhile (a poll
    deleted while it was being closed, a ballot withdrawn as it was replaced): it is gone."""
    db.session.rollback()
    current_app.logger.info("deleted by another request meanwhile: %s", type(error).__name__)
    return handle_http_exception(NotFound("It was deleted by another request meanwhile."))


def register_error_handlers(app: Flask) -> None:
    """flask-smorest's Api registers the HTTPException handler; the domain ones go here."""
    for error_class in DOMAIN_PROBLEMS:
        app.register_error_handler(error_class, handle_domain_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(DataError, handle_unstorable_value)
    for error_class in (StaleDataError, ObjectDeletedError):
        app.register_error_handler(error_class, handle_deleted_meanwhile)
