"""Users at /api/users: register, read, list, change and delete accounts."""

from flask import abort, jsonify

from om_core.accounts import service
from om_core.api.auth import guards
from om_core.api.blueprint import Blueprint
from om_core.api.pagination import PageQuerySchema, page_of
from om_core.api.user.schemas import (
    AccountSchema,
    MeUpdateSchema,
    UserAdminUpdateSchema,
    UserCreateSchema,
    UserSchema,
)
from om_core.data import User
from om_core.plumbing.rate_limits import limit_registration

bp = Blueprint("user", __name__, description="User accounts")


def _user_or_404(user_id: int) -> User:
    user = service.get_user(user_id)
    if user is None:
        abort(404, "There is no user with this id.")
    return user


def _as_seen_by_caller(user: User):
    """`email` (and role) only for the user themself and for admins, per API.md."""
    schema = AccountSchema() if guards.is_self_or_admin(user) else UserSchema()
    return jsonify(schema.dump(user))


@bp.post("")
@limit_registration
@bp.arguments(UserCreateSchema())
@bp.response(201, AccountSchema)
@bp.alt_response(409, description="The email is taken (compared case-insensitively).")
@bp.alt_response(
    429,
    description="Too many registrations from this address, or over the API limit; "
    "`Retry-After` says how many seconds to wait.",
)
def create_user(fields):
    """Register an account."""
    return service.register(**fields)


@bp.get("")
@bp.arguments(PageQuerySchema(), location="query")
@bp.response(200, page_of(UserSchema))
def list_users(paging):
    """List users (public fields), a page at a time."""
    return service.list_users(**paging)


@bp.get("/me")
@bp.auth_required
@bp.response(200, AccountSchema)
def get_me():
    """The calling user's account."""
    return guards.current_user()


@bp.patch("/me")
@bp.auth_required
@bp.arguments(MeUpdateSchema())
@bp.response(200, AccountSchema)
@bp.alt_response(403, description="`current_password` is not right.")
def update_me(fields):
    """Change your name, surname or password (a new password revokes your other tokens)."""
    current_password = fields.pop("current_password", None)
    return service.update_profile(
        user=guards.current_user(),
        changes=fields,
        current_password=current_password,
        keep_token_id=guards.current_token_id(),
    )


@bp.get("/<int:user_id>")
@bp.response(200, AccountSchema, description="`email` and `is_admin` only to themself or admins")
@bp.alt_response(404, response="NOT_FOUND")
def get_user(user_id):
    """A user."""
    return _as_seen_by_caller(_user_or_404(user_id))


@bp.patch("/<int:user_id>")
@bp.auth_required
@bp.arguments(UserAdminUpdateSchema())
@bp.response(200, AccountSchema)
@bp.alt_response(403, description="The caller is not an admin.")
@bp.alt_response(404, response="NOT_FOUND")
def update_user(fields, user_id):
    """Activate, deactivate, promote or demote a user (admins only)."""
    if not guards.current_user().is_admin:
        abort(403, "Only an admin may change a user's status.")
    return service.set_roles(user=_user_or_404(user_id), changes=fields)


@bp.delete("/<int:user_id>")
@bp.auth_required
@bp.response(204)
@bp.alt_response(403, description="The caller is neither this user nor an admin.")
@bp.alt_response(404, response="NOT_FOUND")
def delete_user(user_id):
    """Delete an account, with its polls (the user themself or an admin)."""
    user = _user_or_404(user_id)
    if not guards.is_self_or_admin(user):
        abort(403, "Only the user themself or an admin may delete an account.")
    service.delete_user(user=user)
