"""The committed migrations build exactly the models, and unwind, on SQLite and PostgreSQL."""

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect

from tests.conftest import DATABASES, make_app


@pytest.fixture(params=DATABASES)
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    postgres = request.getfixturevalue("postgres")
    url = postgres.create()
    yield url
    postgres.drop(url)


def test_upgrade_gives_exactly_the_models_and_downgrade_unwinds(empty_database):
    app = make_app(empty_database)
    with app.app_context():
        from om_core.data import db

        upgrade()
        check()  # raises when autogenerate finds any difference from the models
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
