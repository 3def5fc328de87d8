"""The web session cookie, Flask's own, for the web pages only.

The JSON API knows its callers by bearer token only, so its requests get Flask's null
session: a web session cookie sent along neither signs them in nor is read or rewritten.
Static files get it too: they are the same for everyone, so their answers do not vary by
cookie and a shared cache keeps one copy of each.
"""

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSessionInterface, SessionMixin

API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    """Whether a path is the JSON API's (/api and everything under it)."""
    return f"{path}/".startswith(API_PREFIX)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, off under /api and for static files."""

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if is_api_path(request.path) or request.path.startswith(f"{app.static_url_path}/"):
            return self.make_null_session(app)
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not self.is_null_session(session):
            super().save_session(app, session, response)
