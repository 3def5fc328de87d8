"""Shapes of users going in and out of the API."""

import marshmallow as ma

from om_core.api.fields import BodySchema, Email, StrictBoolean, Text
from om_core.limits import NAME_MAX, PASSWORD_MAX, PASSWORD_MIN

password_length = ma.validate.Length(min=PASSWORD_MIN, max=PASSWORD_MAX)
name_length = ma.validate.Length(min=1, max=NAME_MAX)


class UserSchema(ma.Schema):
    """A user as anyone sees them."""

    id = ma.fields.Integer(dump_only=True, required=True)
    name = ma.fields.String(dump_only=True, required=True)
    surname = ma.fields.String(dump_only=True, required=True)
    active = ma.fields.Boolean(dump_only=True, required=True)
    created_at = ma.fields.AwareDateTime(dump_only=True, required=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True, required=True)


class AccountSchema(UserSchema):
    """A user as they themself, or an admin, sees them: with email and role."""

    email = ma.fields.String(dump_only=True, required=True)
    is_admin = ma.fields.Boolean(dump_only=True, required=True)


class UserCreateSchema(BodySchema):
    """Registration. The password is never trimmed: every character of it counts."""

    email = Email(required=True)
    password = ma.fields.String(required=True, load_only=True, validate=password_length)
    name = Text(required=True, validate=name_length)
    surname = Text(required=True, validate=name_length)


class MeUpdateSchema(BodySchema):
    """A user's change to their own account; a new password needs the current one."""

    name = Text(validate=name_length)
    surname = Text(validate=name_length)
    password = ma.fields.String(load_only=True, validate=password_length)
    current_password = ma.fields.String(load_only=True, validate=ma.validate.Length(max=1024))

    @ma.validates_schema
    def password_needs_current(self, data, **kwargs):
        if "password" in data and "current_password" not in data:
            raise ma.ValidationError(
                "Give your current password to set a new one.", "current_password"
            )


class UserAdminUpdateSchema(BodySchema):
    """An admin's change to someone's account."""

    active = StrictBoolean()
    is_admin = StrictBoolean()
