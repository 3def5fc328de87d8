"""The OpenAPI document and the interactive docs, served without any CDN."""

import re

from swagger_ui_bundle import swagger_ui_path


def test_openapi_document_lists_the_account_routes(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/api/users", "/api/users/me", "/api/users/{user_id}", "/api/auth/token"} <= set(
        spec["paths"]
    )
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_openapi_documents_problem_details_for_errors(client):
    spec = client.get("/api/openapi.json").json
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem)


def test_openapi_never_documents_the_password_as_output(client):
    spec = client.get("/api/openapi.json").json
    for name in ("User", "Account"):
        assert "password" not in spec["components"]["schemas"][name]["properties"]


def test_docs_page_loads_its_assets_from_the_app_itself(client):
    page = client.get("/api/docs").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(asset.startswith("/") for asset in assets)
    for asset in assets:
        response = client.get(asset)
        response.close()  # a file response holds its file open until closed
        assert response.status_code == 200, asset
    assert "<script>" not in page  # no inline script


def test_the_docs_page_reads_the_documents_openapi_version(client):
    """Swagger UI reads OpenAPI 3.1 from its version 5 on; an older one shows no operation."""
    assert client.get("/api/openapi.json").json["openapi"].startswith("3.1.")
    version = re.fullmatch(r"swagger-ui-(\d+)\.\d+\.\d+", swagger_ui_path.name)
    assert version and int(version[1]) >= 5, swagger_ui_path.name
