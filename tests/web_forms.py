"""Helpers for tests that use the web pages' forms through Flask's test client."""

import re

from tests.factories import PASSWORD


def csrf_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def log_in(client, email: str) -> None:
    form = {"email": email, "password": PASSWORD, "csrf_token": csrf_token(client, "/login")}
    assert client.post("/login", data=form).status_code == 302
