"""Security headers on every response, and Secure cookies in production."""

import pytest

from tests.conftest import make_app


@pytest.mark.parametrize(
    "path", ["/", "/api/health", "/api/nope", "/register", "/api/openapi.json"]
)
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/api/polls"])
def test_an_unhandled_errors_500_carries_the_security_headers(app_with_a_bug, path):
    response = app_with_a_bug.test_client().get(path)
    assert response.status_code == 500
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_docs_page_allows_inline_styles_but_never_inline_scripts(client):
    csp = client.get("/api/docs").headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "script-src 'self';" in csp


def test_no_hsts_without_secure_cookies(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_production_cookies_are_secure_httponly_lax(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "a-long-random-production-secret-for-the-test")
    monkeypatch.setenv("FLASK_ORIGINS", '["https://polls.example"]')
    app = make_app(f"sqlite:///{tmp_path / 'p.db'}", "production")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/api/health")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
