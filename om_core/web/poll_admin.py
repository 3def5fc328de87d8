"""A guest poll's admin token, kept by its creator's browser.

The token lives in a signed, HttpOnly, SameSite=Lax cookie (Secure in production) whose path
is the poll's own pages, `/p/<id>`: each guest poll has its own cookie, sent only there. The
cookie grants nothing by itself: each request checks the token against the poll's stored
hash, so a claimed poll's cookie stops working with its token.
"""

from flask import Response, current_app, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer

ADMIN_COOKIE = "poll_admin"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="poll-admin-cookie")


def _cookie_path(poll_id: str) -> str:
    return url_for("web.poll", poll_id=poll_id)


def admin_token() -> str | None:
    """The admin token this browser keeps for the poll of the page it asks for, if any."""
    cookie = request.cookies.get(ADMIN_COOKIE)
    if not cookie:
        return None
    try:
        token = _serializer().loads(cookie)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


def keep_admin_token(response: Response, poll_id: str, token: str) -> Response:
    """Let this browser manage the guest poll from now on."""
    response.set_cookie(
        ADMIN_COOKIE,
        _serializer().dumps(token),
        max_age=COOKIE_MAX_AGE,
        path=_cookie_path(poll_id),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


def forget_admin_token(response: Response, poll_id: str) -> Response:
    """The poll has an owner now: the browser need not keep its admin token."""
    response.delete_cookie(ADMIN_COOKIE, path=_cookie_path(poll_id))
    return response
