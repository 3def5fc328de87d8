"""Token login and logout at /api/auth."""

from flask import current_app

from om_core import errors
from om_core.accounts import service
from om_core.api.auth import guards
from om_core.api.auth.schemas import TokenCreateSchema, TokenSchema
from om_core.api.blueprint import Blueprint
from om_core.plumbing.rate_limits import limit_login

bp = Blueprint("auth", __name__, description="Bearer tokens")


@bp.post("/token")
@bp.doc(operationId="createToken")
@limit_login
@bp.arguments(TokenCreateSchema())
@bp.response(200, TokenSchema)
@bp.problem(
    errors.InvalidCredentialsError,
    description="Unknown email, wrong password or inactive account (one answer for all "
    "three); or a bearer token sent that is not live.",
)
@bp.problem(
    429,
    description="Too many logins for this account or from this address, or over the API "
    "limit; `Retry-After` says how many seconds to wait.",
)
def create_token(credentials):
    """Log in: trade an email and password for a bearer token."""
    user = service.authenticate(**credentials)
    return service.issue_token(user=user, ttl_seconds=current_app.config["TOKEN_TTL_SECONDS"])


@bp.delete("/token")
@bp.doc(operationId="deleteToken")
@bp.auth_required
@bp.response(204)
def delete_token():
    """Log out: the token of this request is refused from now on."""
    service.revoke_token(token_id=guards.current_token_id())
