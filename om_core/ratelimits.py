"""Rate limits (Flask-Limiter): API.md's defaults, each a setting, shared by API and pages.

Counters live in memory by default and in Redis when REDIS_URL is set, so that every
process and every app server counts together. `FLASK_RATELIMIT_ENABLED=false` turns them
off (load tests only).
"""

from collections.abc import Callable

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from om_core.extensions import limiter

# Each route's own limit counts POSTs only, and adds to the general /api limit (not instead).
_ALSO_GENERAL = {"methods": ["POST"], "override_defaults": False}


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _login_account() -> str:
    """The account a login attempt is for: its email, lower-cased (JSON body or form)."""
    body = request.get_json(silent=True) if request.is_json else request.form
    email = body.get("email") if hasattr(body, "get") else None
    return f"account:{str(email or '').strip().lower()}"


def _ip_and_poll() -> str:
    return f"{get_remote_address()}:{(request.view_args or {}).get('poll_id')}"


def _has_account() -> bool:
    """A signed-in voter (a token, or a web session) is limited by account, not by IP."""
    return "Authorization" in request.headers or current_user.is_authenticated


def _apply(view: Callable, *decorators: Callable) -> Callable:
    for decorator in decorators:
        view = decorator(view)
    return view


def limit_login(view: Callable) -> Callable:
    """Logins: per account and per IP (POSTs only; the login page itself is free)."""
    return _apply(
        view,
        limiter.limit(_setting("RATELIMIT_LOGIN_PER_IP"), **_ALSO_GENERAL),
        limiter.limit(
            _setting("RATELIMIT_LOGIN_PER_ACCOUNT"), key_func=_login_account, **_ALSO_GENERAL
        ),
    )


def limit_registration(view: Callable) -> Callable:
    """Registrations per IP (POSTs only)."""
    return limiter.limit(_setting("RATELIMIT_REGISTER_PER_IP"), **_ALSO_GENERAL)(view)


def limit_anonymous_votes(view: Callable) -> Callable:
    """Anonymous votes per IP per poll (POSTs only); voters with an account are exempt."""
    return limiter.limit(
        _setting("RATELIMIT_ANONYMOUS_VOTE"),
        key_func=_ip_and_poll,
        exempt_when=_has_account,
        **_ALSO_GENERAL,
    )(view)


def limit_api(blueprint):
    """Every request under /api, per IP, counted together across all API blueprints."""
    return limiter.shared_limit(_setting("RATELIMIT_API"), scope="api")(blueprint)
