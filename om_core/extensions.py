"""One unbound object per library, bound to the app in `create_app` (never import an app)."""

from flask import Flask, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api as SmorestApi
from flask_wtf import CSRFProtect

from om_core.accounts.passwords import passwords
from om_core.api.errors import ProblemSchema, handle_http_exception
from om_core.data import db


class Api(SmorestApi):
    """flask-smorest's Api, answering every HTTP error with problem details (api/errors.py)."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def handle_http_exception(self, error):
        return handle_http_exception(error)


class CrossOriginCORS(CORS):
    """Flask-CORS for cross-origin requests only: those with an `Origin` header, which
    browsers send on every request the CORS protocol covers. A request without one (a
    program calling the API, a same-origin page) gets no CORS headers: Flask-CORS would
    otherwise list every allowed origin in them (its `always_send`), and work them out and
    log them on every request (7% of a vote's instructions: README, "Benchmarks")."""

    def init_app(self, app: Flask, **kwargs) -> None:
        super().init_app(app, always_send=False, **kwargs)
        hooks = app.after_request_funcs[None]  # Flask-CORS's hook is the one just added
        hooks[-1] = _for_cross_origin_requests(hooks[-1])


def _for_cross_origin_requests(hook):
    def cors_after_request(response):
        return hook(response) if "Origin" in request.headers else response

    return cors_after_request


api = Api()
cors = CrossOriginCORS()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
login_manager.login_view = "web.login"
login_manager.login_message = "Log in to see this page."
migrate = Migrate()

__all__ = ["api", "cors", "csrf", "db", "limiter", "login_manager", "migrate", "passwords"]
