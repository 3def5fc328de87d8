"""GET, PATCH and DELETE /api/users[/<id>]: listing, reading and managing accounts."""

import pytest


def test_list_is_a_page_of_public_fields(client, auth):
    auth.signup()
    auth.signup()
    response = client.get("/api/users")
    assert response.status_code == 200
    body = response.json
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (1, 20, 2, 1)
    assert all("email" not in user and "is_admin" not in user for user in body["items"])


def test_list_pages_through_users_in_id_order(client, auth):
    ids = [auth.signup().id for _ in range(3)]
    first = client.get("/api/users?per_page=2").json
    second = client.get("/api/users?per_page=2&page=2").json
    assert [u["id"] for u in first["items"] + second["items"]] == ids
    assert first["pages"] == 2


def test_per_page_over_100_is_served_as_100_and_reported(client):
    assert client.get("/api/users?per_page=1000").json["per_page"] == 100


@pytest.mark.parametrize("query", ["page=0", "per_page=0", "page=-1", "page=abc", "per_page=1.5"])
def test_bad_paging_is_422(client, query):
    response = client.get(f"/api/users?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"


def test_out_of_range_page_is_empty(client, auth):
    auth.signup()
    body = client.get("/api/users?page=9").json
    assert body["items"] == []
    assert body["total"] == 1


def test_get_user_by_id_hides_email_from_others(client, auth):
    owner, other = auth.signup(), auth.signup()
    anonymous = client.get(f"/api/users/{owner.id}").json
    as_other = client.get(f"/api/users/{owner.id}", headers=other.headers).json
    assert "email" not in anonymous and "email" not in as_other
    assert anonymous["id"] == owner.id


def test_get_user_by_id_shows_email_to_themself_and_admins(client, auth):
    owner, admin = auth.signup(), auth.admin()
    assert client.get(f"/api/users/{owner.id}", headers=owner.headers).json["email"] == owner.email
    assert client.get(f"/api/users/{owner.id}", headers=admin.headers).json["email"] == owner.email


def test_unknown_user_is_404_problem(client):
    response = client.get("/api/users/999999")
    assert response.status_code == 404
    assert response.json["status"] == 404


def test_user_deletes_themself(client, auth):
    account = auth.signup()
    assert client.delete(f"/api/users/{account.id}", headers=account.headers).status_code == 204
    assert client.get(f"/api/users/{account.id}").status_code == 404
    assert client.get("/api/users/me", headers=account.headers).status_code == 401


def test_deleting_someone_else_is_403(client, auth):
    owner, other = auth.signup(), auth.signup()
    assert client.delete(f"/api/users/{owner.id}", headers=other.headers).status_code == 403
    assert client.get(f"/api/users/{owner.id}").status_code == 200


def test_admin_deletes_anyone(client, auth):
    owner, admin = auth.signup(), auth.admin()
    assert client.delete(f"/api/users/{owner.id}", headers=admin.headers).status_code == 204
    assert client.get(f"/api/users/{owner.id}").status_code == 404


def test_delete_without_token_is_401(client, auth):
    owner = auth.signup()
    assert client.delete(f"/api/users/{owner.id}").status_code == 401


def test_admin_deactivates_a_user_whose_tokens_stop_at_once(client, auth):
    owner, admin = auth.signup(), auth.admin()
    response = client.patch(f"/api/users/{owner.id}", json={"active": False}, headers=admin.headers)
    assert response.status_code == 200
    assert response.json["active"] is False
    assert client.get("/api/users/me", headers=owner.headers).status_code == 401


def test_reactivation_does_not_bring_old_tokens_back(client, auth):
    owner, admin = auth.signup(), auth.admin()
    for active in (False, True):
        response = client.patch(
            f"/api/users/{owner.id}", json={"active": active}, headers=admin.headers
        )
        assert response.json["active"] is active
    assert client.get("/api/users/me", headers=owner.headers).status_code == 401
    fresh = {"Authorization": f"Bearer {auth.login(owner.email)}"}
    assert client.get("/api/users/me", headers=fresh).status_code == 200


def test_admin_promotes_a_user(client, auth):
    owner, admin = auth.signup(), auth.admin()
    response = client.patch(
        f"/api/users/{owner.id}", json={"is_admin": True}, headers=admin.headers
    )
    assert response.json["is_admin"] is True
    assert client.get("/api/users/me", headers=owner.headers).json["is_admin"] is True


def test_non_admin_patch_of_a_user_is_403_and_changes_nothing(client, auth):
    owner = auth.signup()
    response = client.patch(
        f"/api/users/{owner.id}", json={"is_admin": True}, headers=owner.headers
    )
    assert response.status_code == 403
    assert client.get("/api/users/me", headers=owner.headers).json["is_admin"] is False


@pytest.mark.parametrize(
    "body", [{"active": "no"}, {"is_admin": 1}, {"name": "x"}, {"email": "a@b.co"}]
)
def test_admin_patch_takes_only_boolean_active_and_is_admin(client, auth, body):
    owner, admin = auth.signup(), auth.admin()
    response = client.patch(f"/api/users/{owner.id}", json=body, headers=admin.headers)
    assert response.status_code == 422


@pytest.mark.parametrize("user_id", [2**31, 10**20])
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_a_user_id_beyond_the_integer_range_is_404_for_every_method(client, auth, method, user_id):
    admin = auth.admin()
    response = getattr(client, method)(f"/api/users/{user_id}", json={}, headers=admin.headers)
    assert response.status_code == 404


def test_admin_patch_of_unknown_user_is_404(client, auth):
    admin = auth.admin()
    assert (
        client.patch("/api/users/424242", json={"active": False}, headers=admin.headers).status_code
        == 404
    )
