"""`GET /api/health`: is the service up, and can it reach its database?"""

import marshmallow as ma
from sqlalchemy import text

from om_core.api.blueprint import Blueprint
from om_core.data import db

bp = Blueprint("health", __name__, description="Service health")


class HealthSchema(ma.Schema):
    status = ma.fields.String()
    database = ma.fields.String()


@bp.get("")
@bp.response(200, HealthSchema)
@bp.alt_response(503, response="SERVICE_UNAVAILABLE")
def get_health():
    """Report ok when the database answers; a database that does not answer is a 503."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}
