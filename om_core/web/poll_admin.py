"""A guest poll's admin token, kept by its creator's browser.

The token lives in a signed cookie (plumbing/signed_cookies) whose path is the poll's own
pages, `/p/<id>`: each guest poll has its own cookie, sent only there. The cookie grants
nothing by itself: each request checks the token against the poll's stored hash, so a
claimed poll's cookie stops working with its token.
"""

from flask import Response, url_for

from om_core.plumbing import signed_cookies

ADMIN_COOKIE = "poll_admin"
SALT = "poll-admin-cookie"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _cookie_path(poll_id: str) -> str:
    return url_for("web.poll", poll_id=poll_id)


def admin_token() -> str | None:
    """The admin token this browser keeps for the poll of the page it asks for, if any."""
    return signed_cookies.read(ADMIN_COOKIE, SALT)


def keep_admin_token(response: Response, poll_id: str, token: str) -> Response:
    """Let this browser manage the guest poll from now on."""
    path = _cookie_path(poll_id)
    return signed_cookies.write(
        response, ADMIN_COOKIE, token, SALT, max_age=COOKIE_MAX_AGE, path=path
    )


def forget_admin_token(response: Response, poll_id: str) -> Response:
    """The poll has an owner now: the browser need not keep its admin token."""
    response.delete_cookie(ADMIN_COOKIE, path=_cookie_path(poll_id))
    return response
