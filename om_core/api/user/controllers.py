"""Users at /api/users: register, read, list, change and delete accounts."""

from flask import abort, jsonify

from om_core import errors
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

USER_ID = {"in": "path", "name": "user_id", "description": "The user's `id`."}
NO_USER = "There is no user with this id."


def _user_or_404(user_id: int) -> User:
    user = service.get_user(user_id)
    if user is None:
        abort(404, NO_USER)
    return user


def _as_seen_by_caller(user: User):
    """`email` (and role) only for the user themself and for admins, per API.md."""
    schema = AccountSchema() if guards.is_self_or_admin(user) else UserSchema()
    return jsonify(schema.dump(user))


@bp.post("")
@bp.doc(operationId="createUser")
@limit_registration
@bp.arguments(UserCreateSchema())
@bp.response(201, AccountSchema)
@bp.problem(errors.EmailTakenError, description="The email is taken (compared case-insensitively).")
@bp.problem(
    429,
    description="Too many registrations from this address, or over the API limit; "
    "`Retry-After` says how many seconds to wait.",
)
def create_user(fields):
    """Register an account."""
    return service.register(**fields)


@bp.get("")
@bp.doc(operationId="listUsers")
@bp.arguments(PageQuerySchema(), location="query")
@bp.response(200, page_of(UserSchema))
def list_users(paging):
    """List users (public fields), a page at a time."""
    return service.list_users(**paging)


@bp.get("/me")
@bp.doc(operationId="getMe")
@bp.auth_required
@bp.response(200, AccountSchema)
def get_me():
    """The calling user's account."""
    return guards.current_user()


@bp.patch("/me")
@bp.doc(operationId="updateMe")
@bp.auth_required
@bp.arguments(MeUpdateSchema())
@bp.response(200, AccountSchema)
@bp.problem(errors.WrongPasswordError, description="`current_password` is not right.")
def update_me(fields):
    """Change your name, surname or password (a new password revokes your other tokens)."""
    current_password = fields.pop("current_password", None)
    return service.update_profile(
        user=guards.current_user(),
        changes=fields,
        current_password=current_password,
        keep_token_id=guards.current_token_id(),
    )


@bp.get("/<int:user_id>", parameters=[USER_ID])
@bp.doc(operationId="getUser")
@bp.auth_optional
@bp.response(
    200,
    {"oneOf": [{"$ref": "#/components/schemas/Account"}, {"$ref": "#/components/schemas/User"}]},
    description="An Account (with `email` and `is_admin`) to the user themself and to admins, "
    "a User to anyone else.",
)
@bp.problem(404, description=NO_USER)
def get_user(user_id):
    """A user."""
    return _as_seen_by_caller(_user_or_404(user_id))


@bp.patch("/<int:user_id>", parameters=[USER_ID])
@bp.doc(operationId="updateUser")
@bp.auth_required
@bp.arguments(UserAdminUpdateSchema())
@bp.response(200, AccountSchema)
@bp.problem(403, description="The caller is not an admin.")
@bp.problem(404, description=NO_USER)
def update_user(fields, user_id):
    """Activate, deactivate, promote or demote a user (admins only)."""
    if not guards.current_user().is_admin:
        abort(403, "Only an admin may change a user's status.")
    return service.set_roles(user=_user_or_404(user_id), changes=fields)


@bp.delete("/<int:user_id>", parameters=[USER_ID])
@bp.doc(operationId="deleteUser")
@bp.auth_required
@bp.response(204)
@bp.problem(403, description="The caller is neither this user nor an admin.")
@bp.problem(404, description=NO_USER)
def delete_user(user_id):
    """Delete an account, with its polls (the user themself or an admin)."""
    user = _user_or_404(user_id)
    if not guards.is_self_or_admin(user):
        abort(403, "Only the user themself or an admin may delete an account.")
    service.delete_user(user=user)
