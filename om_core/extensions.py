"""One unbound object per library, bound to the app in `create_app` (never import an app)."""

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


api = Api()
cors = CORS()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
login_manager.login_view = "web.login"
login_manager.login_message = "Log in to see this page."
migrate = Migrate()

__all__ = ["api", "cors", "csrf", "db", "limiter", "login_manager", "migrate", "passwords"]
