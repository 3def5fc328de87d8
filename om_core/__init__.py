"""poll_app's application package: `create_app` builds the app from small register steps."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import config_name, configure_app
from om_core.api import api
from om_core.api.auth.controllers import bp as auth_bp
from om_core.api.auth.guards import ADMIN_TOKEN_HEADER
from om_core.api.docs import bp as docs_bp
from om_core.api.errors import register_error_handlers
from om_core.api.health.controllers import bp as health_bp
from om_core.api.poll.controllers import bp as poll_bp
from om_core.api.user.controllers import bp as user_bp
from om_core.cli import register_commands
from om_core.data.database import end_session, render_migration_type
from om_core.extensions import cors, csrf, db, limiter, login_manager, migrate, passwords
from om_core.plumbing.converters import PollIdConverter, poll_id_schema
from om_core.plumbing.read_only_requests import register_read_only_requests
from om_core.plumbing.request_log import register_request_log
from om_core.plumbing.security_headers import register_security_headers
from om_core.plumbing.sessions import SessionInterface
from om_core.plumbing.static_files import register_static_files
from om_core.plumbing.voter_cookies import remember_new_voter
from om_core.web import bp as web_bp

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")

# Every API blueprint and its url prefix, in one place.
API_BLUEPRINTS = [
    (health_bp, "/api/health"),
    (user_bp, "/api/users"),
    (auth_bp, "/api/auth"),
    (poll_bp, "/api/polls"),
]


def create_app(config: str | None = None, settings: dict | None = None) -> Flask:
    """Build the app for the named config (APP_CONFIG by default); tests pass `settings`."""
    app = Flask(__name__)
    configure_app(app, config or config_name(), settings)
    app.session_interface = SessionInterface()
    app.json.sort_keys = False  # answers keep their schemas' field order
    register_request_log(app)
    register_read_only_requests(app)
    trust_proxies(app)
    app.url_map.strict_slashes = False  # /api/users and /api/users/ are the same resource
    app.url_map.converters["poll_id"] = PollIdConverter
    register_extensions(app)
    register_blueprints(app)
    register_static_files(app)  # after the blueprints: it serves their static folders too
    register_error_handlers(app)
    register_commands(app)
    register_security_headers(app)
    app.after_request(remember_new_voter)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N trusted proxies, the client's address and scheme come from their headers."""
    hops = app.config["PROXY_FIX_X_FOR"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    app.teardown_appcontext(end_session)  # after db's own, so it runs first
    migrate.init_app(
        app,
        db,
        directory=MIGRATIONS_DIR,
        render_as_batch=True,  # SQLite can only ALTER a table by copying it
        render_item=render_migration_type,
    )
    # Only cross-origin requests (those with an Origin header) get CORS headers.
    cors.init_app(app, resources={r"/api/*": {"origins": app.config["ORIGINS"]}}, always_send=False)
    passwords.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme(
        "pollAdminToken",
        {
            "type": "apiKey",
            "in": "header",
            "name": ADMIN_TOKEN_HEADER,
            "description": "A guest poll's admin token, from the answer that created it: "
            "it grants on that poll what its owner may do.",
        },
    )
    api.register_converter(PollIdConverter, poll_id_schema)


def register_blueprints(app: Flask) -> None:
    for blueprint, url_prefix in API_BLUEPRINTS:
        csrf.exempt(blueprint)  # bearer tokens, not cookies: no CSRF to guard against
        api.register_blueprint(blueprint, url_prefix=url_prefix)
    app.register_blueprint(docs_bp, url_prefix="/api/docs")
    app.register_blueprint(web_bp)
