"""Logging with a request id on every line, and one access line per request.

The id comes from a well-formed `X-Request-ID` header (a proxy's) or is made here, and is
sent back in the response. Lines hold the method, the path without its query string, the
status and the time taken: never a body, a header, a cookie or a token.
"""

import logging
import re
import secrets
import sys
import time

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
ACCESS_LOG = logging.getLogger("om_core.access")
FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (a test's capture, gunicorn's redirect)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        """The stream is always the current sys.stderr."""


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def _start() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.match(given) else secrets.token_hex(16)
    g.started = time.perf_counter()


def _loggable_path() -> str:
    """The path, with any secret it carries masked: a guest poll's admin link holds its admin
    token (the route names such a part `..._token`)."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name.endswith("_token") and value:
            path = path.replace(str(value), "[secret]")
    return path


def _finish(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.request_id
    elapsed_ms = (time.perf_counter() - g.started) * 1000
    ACCESS_LOG.info(
        "%s %s %s %.1fms", request.method, _loggable_path(), response.status_code, elapsed_ms
    )
    return response


def register_request_log(app: Flask) -> None:
    """Log to stderr with request ids, at LOG_LEVEL; tag each request and log it."""
    handler = StderrHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("om_core")
    logger.handlers = [handler]
    logger.setLevel(app.config["LOG_LEVEL"])
    logger.propagate = False
    app.before_request(_start)
    app.after_request(_finish)
