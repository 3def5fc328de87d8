"""The web session cookie, signed exactly as Flask signs it, by a signer made once per key
set instead of once per request (making one cost more than a whole API request's hooks).

The JSON API knows its callers by bearer token only, so its requests get Flask's null
session: a web session cookie sent along neither signs them in nor is read or rewritten.
"""

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer

API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    """Whether a path is the JSON API's (/api and everything under it)."""
    return f"{path}/".startswith(API_PREFIX)


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._signers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._signers:
            self._signers[keys] = super().get_signing_serializer(app)
        return self._signers[keys]

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if is_api_path(request.path):
            return self.make_null_session(app)
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not self.is_null_session(session):
            super().save_session(app, session, response)
