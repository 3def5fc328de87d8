"""Rate limits (Flask-Limiter): API.md's defaults, each a setting, shared by API and pages.

Each limit is one counter for the API and the pages together (a shared limit with its own
scope), so a caller cannot get twice the quota by using both. Counters live in memory by
default and in Redis when REDIS_URL is set, so that every process and every app server
counts together. `FLASK_RATELIMIT_ENABLED=false` turns them off (load tests only).
"""

from collections.abc import Callable

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from om_core.extensions import limiter
from om_core.plumbing.sessions import is_api_path

# Each route's own limit counts POSTs only, and adds to the general /api limit (not instead).
_ALSO_GENERAL = {"methods": ["POST"], "override_defaults": False}


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _login_account() -> str:
    """The account a login attempt is for: its email, lower-cased (the API's JSON body, or
    the login page's form; reading an API request's body as a form would use it up)."""
    body = request.get_json(silent=True) if is_api_path(request.path) else request.form
    email = body.get("email") if hasattr(body, "get") else None
    return f"account:{str(email or '').strip().lower()}"


def _ip_and_poll() -> str:
    return f"{get_remote_address()}:{(request.view_args or {}).get('poll_id')}"


def _has_account() -> bool:
    """A signed-in voter is limited by account, not by IP. Each side knows its callers its
    own way only: the API by bearer token (any other Authorization, or a token not live, is
    refused with a 401 and records nothing), the pages by their web session (they never read
    an Authorization header, so sending one exempts nothing there)."""
    if is_api_path(request.path):
        return "Authorization" in request.headers
    return current_user.is_authenticated


def _apply(view: Callable, *decorators: Callable) -> Callable:
    for decorator in decorators:
        view = decorator(view)
    return view


def limit_login(view: Callable) -> Callable:
    """Logins: per account and per IP (POSTs only; the login page itself is free)."""
    return _apply(
        view,
        limiter.shared_limit(
            _setting("RATELIMIT_LOGIN_PER_IP"), scope="login-per-ip", **_ALSO_GENERAL
        ),
        limiter.shared_limit(
            _setting("RATELIMIT_LOGIN_PER_ACCOUNT"),
            scope="login-per-account",
            key_func=_login_account,
            **_ALSO_GENERAL,
        ),
    )


def limit_registration(view: Callable) -> Callable:
    """Registrations per IP (POSTs only)."""
    return limiter.shared_limit(
        _setting("RATELIMIT_REGISTER_PER_IP"), scope="registration", **_ALSO_GENERAL
    )(view)


def limit_anonymous_votes(view: Callable) -> Callable:
    """Anonymous votes per IP per poll (POSTs only); voters with an account are exempt."""
    return limiter.shared_limit(
        _setting("RATELIMIT_ANONYMOUS_VOTE"),
        scope="anonymous-vote",
        key_func=_ip_and_poll,
        exempt_when=_has_account,
        **_ALSO_GENERAL,
    )(view)


def limit_guest_polls(view: Callable) -> Callable:
    """Polls created without an account, per IP (POSTs only); callers with one are exempt."""
    return limiter.shared_limit(
        _setting("RATELIMIT_GUEST_POLL"),
        scope="guest-poll",
        exempt_when=_has_account,
        **_ALSO_GENERAL,
    )(view)


def limit_api(blueprint):
    """Every request under /api, per IP, counted together across all API blueprints."""
    return limiter.shared_limit(_setting("RATELIMIT_API"), scope="api")(blueprint)
