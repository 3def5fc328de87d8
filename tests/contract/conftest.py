"""A real gunicorn for the contract tests that need one: the generated client's scenario, and
the request-line limit that only gunicorn enforces."""

from collections.abc import Iterator

import pytest

from tests.web.server import serve


@pytest.fixture(scope="module")
def gunicorn_url(tmp_path_factory) -> Iterator[str]:
    """gunicorn on a fresh, migrated SQLite file, as the browser tests have it (rate limits
    off); each test that uses it makes its own accounts and polls."""
    with serve(tmp_path_factory.mktemp("gunicorn")) as url:
        yield url
