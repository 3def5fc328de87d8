"""The fault tests' PostgreSQL: a cluster of their own, never the shared server."""

import os

import pytest

from tests.faults.pg_cluster import PostgresCluster, unavailable_reason
from tests.test_cli import free_port


@pytest.fixture(scope="session")
def cluster() -> PostgresCluster:
    """A cluster made with initdb in a temporary folder, on a free port of 127.0.0.1; removed
    at the end. Skipped where PostgreSQL is not installed, except on CI, where it must run."""
    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the database fault tests, but {reason}")
        pytest.skip(f"needs a PostgreSQL cluster of its own: {reason}")
    cluster = PostgresCluster(free_port())
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
