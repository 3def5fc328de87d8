"""GET /api/health."""

from tests.conftest import make_app


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_is_503_problem_when_the_database_is_unreachable(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite'}")
    response = app.test_client().get("/api/health")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.json["type"].endswith("database-unavailable")
    assert response.headers["Retry-After"]
