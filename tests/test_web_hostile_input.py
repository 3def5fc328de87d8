"""The pages take odd input as the API does: a NUL (which PostgreSQL cannot take in a
string) in a search or a login is an answer like any other, never an error page."""

from tests.api.polls_helpers import create_poll
from tests.web_forms import csrf_token


def test_a_search_holding_a_nul_finds_nothing(client, auth):
    create_poll(client, auth.signup(), question="Holds a word?")
    response = client.get("/?q=word%00")
    assert response.status_code == 200
    assert "Holds a word?" not in response.get_data(as_text=True)
    assert "Holds a word?" in client.get("/?q=word").get_data(as_text=True)


def test_a_login_holding_a_nul_fails_like_any_other(client, auth):
    email = auth.signup().email
    form = {
        "email": email.replace("@", "\x00@"),
        "password": "whatever it is",
        "csrf_token": csrf_token(client, "/login"),
    }
    response = client.post("/login", data=form)
    assert response.status_code == 200
    assert "Invalid email or password." in response.get_data(as_text=True)
