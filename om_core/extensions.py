"""One unbound object per library, bound to the app in `create_app` (never import an app).

The flask-smorest `Api`, which answers errors as problem details, is the API layer's own
(om_core/api/__init__.py): this module imports no layer above the data."""

from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from om_core.accounts.passwords import passwords
from om_core.data import db

cors = CORS()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
login_manager.login_view = "web.login"
login_manager.login_message = "Log in to see this page."
migrate = Migrate()

__all__ = ["cors", "csrf", "db", "limiter", "login_manager", "migrate", "passwords"]
