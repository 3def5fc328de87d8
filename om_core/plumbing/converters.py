"""URL converters: a poll id in a path is URL-safe base64 or the route does not match (404),
so no odd byte (a NUL, say) ever reaches a query."""

from werkzeug.routing import BaseConverter

POLL_ID_PATTERN = r"[A-Za-z0-9_-]{1,32}"


class PollIdConverter(BaseConverter):
    regex = POLL_ID_PATTERN


def poll_id_schema(converter: PollIdConverter) -> dict:
    """The OpenAPI schema of a poll id path parameter."""
    return {"type": "string", "pattern": f"^{POLL_ID_PATTERN}$"}
