"""Settings, as the brief has them: BaseConfig and one class per environment, chosen by APP_CONFIG.

This is the only module that reads the environment. Values come from environment variables
(and a `.env` file when present); `FLASK_<NAME>` variables override any setting last.
"""

import os
import re

from dotenv import load_dotenv
from flask import Config, Flask

load_dotenv()

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key"  # refused in production  # noqa: S105  # nosec B105


def database_url(raw: str) -> str:
    """Accept the usual `postgresql://user@host:port/db` form and pick the psycopg 3 driver."""
    for scheme in ("postgres://", "postgresql://"):
        if raw.startswith(scheme):
            return "postgresql+psycopg://" + raw.removeprefix(scheme)
    return raw


def _flag(name: str, default: bool) -> bool:
    """A yes/no setting from the environment: false, 0, no or off say no."""
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() not in {"false", "0", "no", "off"}


def _csv(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


# An explicit origin, as a browser sends it: http or https, a host name or IPv4 address, an
# optional port; nothing else. It holds none of the characters that make Flask-CORS read an
# origin as a regular expression (* \ ? $ ^ [ ] ( )), so Flask-CORS compares it literally.
EXPLICIT_ORIGIN = re.compile(r"https?://[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?", re.I | re.A)


def non_explicit_origins(origins: list[str] | str) -> list:
    """The CORS origins that are not explicit origins (a wildcard, a pattern, a path...), which
    production refuses: Flask-CORS reads `*` as every origin and `.*` or `^https://.*` as regular
    expressions, matching origins nobody listed. A string is one origin, as Flask-CORS takes it."""
    origins = [origins] if isinstance(origins, str) else origins
    return [o for o in origins if not (isinstance(o, str) and EXPLICIT_ORIGIN.fullmatch(o))]


class BaseConfig:
    """Settings every environment shares."""

    PORT = int(os.environ.get("PORT", "5000"))
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    ORIGINS = _csv(os.environ.get("CORS_ORIGINS", "*"))  # the brief's CORS origins for /api/*
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL", "sqlite:///poll_app.db"))
    # hide_parameters: an error logged with its SQL never carries the values (hashes, emails).
    # No pool_pre_ping: it costs a round trip per request; a connection found dead instead
    # fails its one request with a 503 and SQLAlchemy renews the pool.
    SQLALCHEMY_ENGINE_OPTIONS = {"hide_parameters": True}
    # PostgreSQL: a server that does not answer a new connection is a 503 after this many
    # seconds, not a request hanging for as long as the kernel's TCP timeouts (minutes).
    DATABASE_CONNECT_TIMEOUT = 3
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # Rate limits (API.md): counters in Redis when REDIS_URL is set, shared by every process.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_LOGIN_PER_ACCOUNT = "10 per minute"
    RATELIMIT_LOGIN_PER_IP = "30 per minute"
    RATELIMIT_REGISTER_PER_IP = "10 per hour"
    RATELIMIT_ANONYMOUS_VOTE = "60 per minute"
    RATELIMIT_GUEST_POLL = "10 per hour"  # polls created without an account, per IP
    RATELIMIT_API = "600 per minute"
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Polls without an account (docs/api.md): on unless GUEST_POLLS=false.
    GUEST_POLLS = _flag("GUEST_POLLS", default=True)
    PROXY_FIX_X_FOR = 0  # trusted proxy hops in front (a load balancer: 1); 0 trusts none
    MAX_CONTENT_LENGTH = 64 * 1024  # no legitimate body comes close; bigger ones are 413
    TOKEN_TTL_SECONDS = 7 * 24 * 3600
    VOTER_COOKIE_MAX_AGE = 365 * 24 * 3600  # the anonymous voter cookie lasts a year
    SESSION_COOKIE_SECURE = False  # cookies over HTTPS only: on in production
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # a form's token lasts as long as its session
    # argon2id cost (argon2-cffi's defaults, RFC 9106's second recommendation).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 4

    API_TITLE = "poll_app"
    API_VERSION = "1"
    OPENAPI_VERSION = "3.1.0"  # JSON Schema 2020-12: nullable as a type, $ref with siblings
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "/api/docs/assets/"  # served by the app itself, no CDN

    DEBUG = False
    TESTING = False


class Development(BaseConfig):
    """Local development: debug on, a fixed insecure key, any CORS origin."""

    DEBUG = True
    SECRET_KEY = BaseConfig.SECRET_KEY or DEFAULT_SECRET_KEY


class Testing(BaseConfig):
    """The test suite: cheap password hashing so tests stay fast; still argon2id."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # the test suite's own key  # noqa: S105  # nosec B105
    RATELIMIT_ENABLED = False  # the tests of rate limits turn them on
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8 * 1024
    ARGON2_PARALLELISM = 1


class Production(BaseConfig):
    """Production: the secret key and the CORS origins must come from the environment."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


config = {
    "development": Development,
    "testing": Testing,
    "production": Production,
}


def config_name() -> str:
    """The configuration APP_CONFIG asks for (development by default)."""
    return os.environ.get("APP_CONFIG", "development")


def settings_for(name: str, settings: dict | None = None) -> Config:
    """The named config's settings, then `FLASK_*` overrides, then `settings` (tests pass
    theirs), without starting anything: `configure_app` and the deploy check share it."""
    if name not in config:
        raise RuntimeError(f"APP_CONFIG must be one of {sorted(config)}, not {name!r}")
    values = Config(os.path.dirname(os.path.abspath(__file__)))
    values.from_object(config[name])
    values.from_prefixed_env()
    values.update(settings or {})
    values["SQLALCHEMY_DATABASE_URI"] = database_url(values["SQLALCHEMY_DATABASE_URI"])
    values["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(values)
    return values


def _engine_options(values: Config) -> dict:
    """The engine options, plus libpq's connect_timeout on PostgreSQL (SQLite has none)."""
    options = dict(values["SQLALCHEMY_ENGINE_OPTIONS"])
    if values["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        timeout = {"connect_timeout": values["DATABASE_CONNECT_TIMEOUT"]}
        options["connect_args"] = {**timeout, **options.get("connect_args", {})}
    return options


def configure_app(app: Flask, name: str, settings: dict | None = None) -> None:
    """Load the named settings into `app`; production refuses unsafe ones."""
    app.config.update(settings_for(name, settings))
    if name == "production":
        _refuse_unsafe_production(app)


def _refuse_unsafe_production(app: Flask) -> None:
    """Production must not start with a guessable key, or with CORS open to unlisted origins."""
    if not app.config["SECRET_KEY"] or app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        raise RuntimeError("SECRET_KEY must be set in production")
    if unsafe := non_explicit_origins(app.config["ORIGINS"]):
        named = ", ".join(f"'{origin}'" for origin in unsafe)
        raise RuntimeError(
            "CORS_ORIGINS must list explicit origins (http(s)://host[:port]) in production,"
            f" not {named}"
        )
