"""Shapes of token logins."""

import marshmallow as ma

from om_core.api.enums import enum_field
from om_core.api.fields import BodySchema, Email
from om_core.limits import PASSWORD_MAX


class TokenCreateSchema(BodySchema):
    """Credentials for a token. Any length up to the maximum: a wrong one is simply a 401."""

    email = Email(required=True)
    password = ma.fields.String(
        required=True, load_only=True, validate=ma.validate.Length(max=PASSWORD_MAX)
    )


class TokenSchema(ma.Schema):
    """A new bearer token, shown once."""

    access_token = ma.fields.String(
        required=True, metadata={"description": "send it as `Authorization: Bearer <token>`"}
    )
    token_type = enum_field("TokenType", required=True)
    expires_in = ma.fields.Integer(
        required=True, metadata={"description": "seconds until it expires"}
    )
