"""Token login and logout at /api/auth."""

from flask import current_app

from om_core.accounts import service
from om_core.api.auth import guards
from om_core.api.auth.schemas import TokenCreateSchema, TokenSchema
from om_core.api.blueprint import Blueprint
from om_core.ratelimits import limit_login

bp = Blueprint("auth", __name__, description="Bearer tokens")


@bp.post("/token")
@limit_login
@bp.arguments(TokenCreateSchema)
@bp.response(200, TokenSchema)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def create_token(credentials):
    """Log in: trade an email and password for a bearer token."""
    user = service.authenticate(**credentials)
    return service.issue_token(user=user, ttl_seconds=current_app.config["TOKEN_TTL_SECONDS"])


@bp.delete("/token")
@bp.auth_required
@bp.response(204)
def delete_token():
    """Log out: the token of this request is refused from now on."""
    service.revoke_token(token_id=guards.current_token_id())
