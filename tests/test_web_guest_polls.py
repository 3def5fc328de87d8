"""Polls without an account, on the pages: a visitor creates a poll, keeps managing it from
the same browser (its admin cookie), can open it elsewhere with the private admin link, and
can claim it into an account later."""

import hashlib
import logging
import re

from sqlalchemy import select

from om_core.data import Poll, db
from tests.web_forms import csrf_token

ADMIN_LINK = re.compile(r'id="share-admin"[^>]*>https?://[^/]+(/p/[^<]+)</textarea>')


def create_as_guest(browser, question: str = "Lunch?") -> str:
    """Create a poll as a visitor with no account; the poll's id."""
    form = {
        "question": question,
        "choices-0": "Pizza",
        "choices-1": "Sushi",
        "kind": "single",
        "results_visibility": "always",
        "visibility": "public",
        "allow_anonymous": "y",
        "csrf_token": csrf_token(browser, "/polls/new"),
    }
    response = browser.post("/polls/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    poll_id = re.fullmatch(r"/p/([^/]+)/manage", response.headers["Location"]).group(1)
    return poll_id


def stored(app, poll_id: str) -> Poll | None:
    with app.app_context():
        return db.session.scalar(select(Poll).where(Poll.id == poll_id))


def test_a_visitor_creates_a_poll_and_gets_its_share_and_admin_links(app):
    browser = app.test_client()
    home = browser.get("/").get_data(as_text=True)
    assert 'href="/polls/new" role="button"' in home and "Create a poll" in home

    poll_id = create_as_guest(browser)
    cookie = browser.get_cookie("poll_admin", path=f"/p/{poll_id}")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"

    page = browser.get(f"/p/{poll_id}/manage").get_data(as_text=True)
    assert "Your poll is ready" in page
    assert re.search(f'id="share-poll"[^>]*>http://localhost/p/{poll_id}</textarea>', page)
    assert "Anyone with this link can edit, close or delete your poll." in page
    admin_path = ADMIN_LINK.search(page).group(1)
    admin_token = admin_path.rsplit("/", 1)[1]
    assert len(admin_token) >= 22  # 128 bits or more, URL-safe

    poll = stored(app, poll_id)
    assert poll.owner_id is None
    assert poll.admin_token_hash == hashlib.sha256(admin_token.encode()).hexdigest()
    assert admin_token not in poll.admin_token_hash


def test_the_admin_link_lets_another_browser_manage_the_poll(app):
    creator = app.test_client()
    poll_id = create_as_guest(creator)
    admin_path = ADMIN_LINK.search(creator.get(f"/p/{poll_id}/manage").get_data(as_text=True))

    other = app.test_client()
    assert other.get(f"/p/{poll_id}/manage").status_code == 403
    response = other.get(admin_path.group(1))
    assert response.status_code == 302 and response.headers["Location"] == f"/p/{poll_id}"
    assert other.get(f"/p/{poll_id}/manage").status_code == 200
    assert "Manage this poll" in other.get(f"/p/{poll_id}").get_data(as_text=True)


def test_a_wrong_admin_link_is_403_and_grants_nothing(app):
    poll_id = create_as_guest(app.test_client())
    stranger = app.test_client()
    assert stranger.get(f"/p/{poll_id}/admin/guessed-token").status_code == 403
    assert stranger.get_cookie("poll_admin", path=f"/p/{poll_id}") is None
    assert stranger.get(f"/p/{poll_id}/manage").status_code == 403
    form = {"csrf_token": csrf_token(stranger, "/logout")}
    assert stranger.post(f"/p/{poll_id}/close", data=form).status_code == 403
    assert stored(app, poll_id).closed_at is None


def test_a_guest_closes_and_deletes_after_a_confirmation(app):
    browser = app.test_client()
    poll_id = create_as_guest(browser)
    question = browser.get(f"/p/{poll_id}/close").get_data(as_text=True)
    assert "Close “Lunch?”?" in question and "No one can vote after that" in question
    assert stored(app, poll_id).closed_at is None  # asking changes nothing

    form = {"csrf_token": csrf_token(browser, f"/p/{poll_id}/close")}
    response = browser.post(f"/p/{poll_id}/close", data=form)
    assert response.headers["Location"] == f"/p/{poll_id}/manage"
    assert stored(app, poll_id).closed_at is not None

    form = {"csrf_token": csrf_token(browser, f"/p/{poll_id}/delete")}
    assert browser.post(f"/p/{poll_id}/delete", data=form).headers["Location"] == "/"
    assert stored(app, poll_id) is None


def test_signing_up_later_claims_the_poll(app):
    browser = app.test_client()
    poll_id = create_as_guest(browser)
    admin_path = ADMIN_LINK.search(browser.get(f"/p/{poll_id}/manage").get_data(as_text=True))
    signup = {
        "email": "guest@example.org",
        "password": "correct horse battery",
        "name": "Gwen",
        "surname": "Guest",
        "csrf_token": csrf_token(browser, "/register"),
    }
    assert browser.post(f"/register?next=/p/{poll_id}/manage", data=signup).status_code == 302
    page = browser.get(f"/p/{poll_id}/manage").get_data(as_text=True)
    assert "Move this poll into my account" in page

    form = {"csrf_token": csrf_token(browser, f"/p/{poll_id}/manage")}
    assert browser.post(f"/p/{poll_id}/claim", data=form).status_code == 302
    poll = stored(app, poll_id)
    assert poll.owner_id is not None and poll.admin_token_hash is None
    assert browser.get_cookie("poll_admin", path=f"/p/{poll_id}") is None
    assert "Lunch?" in browser.get("/me/polls").get_data(as_text=True)
    assert app.test_client().get(admin_path.group(1)).status_code == 403  # the link is dead


def test_guest_polls_can_be_switched_off(app_factory):
    browser = app_factory(GUEST_POLLS=False).test_client()
    response = browser.get("/polls/new")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_guest_polls_are_limited_per_ip(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_GUEST_POLL="2 per hour")
    browser = app.test_client()
    create_as_guest(browser)
    create_as_guest(browser)
    form = {"question": "Third?", "csrf_token": csrf_token(browser, "/polls/new")}
    assert browser.post("/polls/new", data=form).status_code == 429
    with app.app_context():
        assert len(db.session.scalars(select(Poll)).all()) == 2


def test_the_admin_token_never_reaches_the_log(app, caplog):
    browser = app.test_client()
    poll_id = create_as_guest(browser)
    admin_path = ADMIN_LINK.search(browser.get(f"/p/{poll_id}/manage").get_data(as_text=True))
    token = admin_path.group(1).rsplit("/", 1)[1]
    with caplog.at_level(logging.INFO, logger="om_core.access"):
        assert app.test_client().get(admin_path.group(1)).status_code == 302
    assert f"GET /p/{poll_id}/admin/[secret] 302" in caplog.text
    assert token not in caplog.text
