"""The cookies the app signs itself (a voter's id, a guest poll's admin token): signed with
the secret key and a salt per use (itsdangerous), HttpOnly, SameSite=Lax, Secure in
production. One place for how they are made, so every such cookie is made the same way."""

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=salt)


def read(name: str, salt: str) -> str | None:
    """The text this request's cookie `name` holds, if its signature is good."""
    cookie = request.cookies.get(name)
    if not cookie:
        return None
    try:
        value = _serializer(salt).loads(cookie)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def write(
    response: Response, name: str, value: str, salt: str, *, max_age: int, path: str = "/"
) -> Response:
    """Set cookie `name` to `value`, signed, for `max_age` seconds, sent to `path` only."""
    response.set_cookie(
        name,
        _serializer(salt).dumps(value),
        max_age=max_age,
        path=path,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response
