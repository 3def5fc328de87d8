"""`GET /api/health`: is the service up, and can it reach its database?"""

import marshmallow as ma
from sqlalchemy import text

from om_core.api.blueprint import Blueprint
from om_core.api.enums import enum_field
from om_core.data import db

bp = Blueprint("health", __name__, description="Service health")


class HealthSchema(ma.Schema):
    status = enum_field("HealthState", required=True)
    database = enum_field("HealthState", required=True)


@bp.get("")
@bp.doc(operationId="getHealth")
@bp.response(200, HealthSchema)
def get_health():
    """Report ok when the database answers; a database that does not answer is a 503."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}
