"""Every domain error has one answer: problem details under /api, the HTML error page of the
same status on the web side. The whole mapping is walked, so a new error cannot be left out."""

import pytest
from sqlalchemy import delete, func, select

from om_core import errors
from om_core.api.errors import DOMAIN_PROBLEMS
from om_core.data import Ballot, Poll, ballots, db
from tests.api.polls_helpers import create_poll
from tests.web_forms import csrf_token

ALL_DOMAIN_ERRORS = sorted(errors.DomainError.__subclasses__(), key=lambda error: error.__name__)


def _raise(error_class: type[errors.DomainError]):
    def view():
        if error_class is errors.InvalidPollError:
            raise error_class("the fields do not fit", "max_selections")
        raise error_class("what went wrong")

    return view


@pytest.fixture
def raising_app(app):
    """The app with a route under /api and one outside it raising each domain error."""
    for error_class in ALL_DOMAIN_ERRORS:
        name = error_class.__name__
        app.add_url_rule(f"/api/raise/{name}", f"api_raise_{name}", _raise(error_class))
        app.add_url_rule(f"/raise/{name}", f"web_raise_{name}", _raise(error_class))
    return app


def test_every_domain_error_is_mapped():
    assert set(DOMAIN_PROBLEMS) == set(ALL_DOMAIN_ERRORS)


@pytest.mark.parametrize("error_class", ALL_DOMAIN_ERRORS, ids=lambda error: error.__name__)
def test_a_domain_error_under_api_is_problem_details(raising_app, error_class):
    status, slug, title = DOMAIN_PROBLEMS[error_class]
    response = raising_app.test_client().get(f"/api/raise/{error_class.__name__}")
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert response.json["type"] == f"/problems/{slug}"
    assert response.json["title"] == title


@pytest.mark.parametrize("error_class", ALL_DOMAIN_ERRORS, ids=lambda error: error.__name__)
def test_a_domain_error_on_a_page_is_the_html_error_page(raising_app, error_class):
    status, _, _ = DOMAIN_PROBLEMS[error_class]
    response = raising_app.test_client().get(f"/raise/{error_class.__name__}")
    assert response.status_code == status
    assert response.content_type.startswith("text/html")
    assert "<html" in response.get_data(as_text=True).lower()


def test_a_web_vote_in_a_poll_deleted_meanwhile_is_the_404_page(app, client, auth, monkeypatch):
    poll = create_poll(client, auth.signup())
    browser = app.test_client()
    form = {
        "choice": str(poll["choices"][0]["id"]),
        "csrf_token": csrf_token(browser, f"/p/{poll['id']}"),
    }
    add_ballot = ballots.add_ballot

    def deleted_first(new):  # another request deletes the poll between the read and the write
        with db.engine.begin() as other:
            other.execute(delete(Poll).where(Poll.id == new.poll_id))
        return add_ballot(new)

    monkeypatch.setattr(ballots, "add_ballot", deleted_first)
    response = browser.post(f"/p/{poll['id']}", data=form)
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0


def test_a_dead_token_is_401_dead_token_problem(client, auth):
    response = client.get("/api/users/me", headers={"Authorization": "Bearer not-a-live-token"})
    assert response.status_code == 401
    assert response.json["type"] == "/problems/dead-token"
    assert response.headers["WWW-Authenticate"] == "Bearer"
