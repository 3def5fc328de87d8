"""GET and HEAD requests only read, so their database session reads in autocommit."""

from flask import Flask, request

from om_core.data.database import read_only

READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def _mark_read_only() -> None:
    if request.method in READ_ONLY_METHODS:
        read_only()


def register_read_only_requests(app: Flask) -> None:
    app.before_request(_mark_read_only)
