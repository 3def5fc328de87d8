"""flask-smorest's Blueprint, with the habits every resource shares: bodies must be JSON
objects, the general API rate limit applies, and `@bp.auth_required` both guards a route
and documents the guard."""

from collections.abc import Callable

import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import BadRequest

from om_core.api.auth import guards
from om_core.ratelimits import limit_api


class JSONObjectParser(FlaskParser):
    """A body is a JSON object or nothing: any other JSON value, a non-JSON content type or
    nesting too deep to parse is a 400, per API.md."""

    def _raw_load_json(self, req):
        data = req.get_data(cache=True)
        if not data:
            return core.missing
        if not is_json_request(req):
            raise BadRequest("The body must be JSON, sent as Content-Type: application/json.")
        try:
            body = core.parse_json(data)
        except RecursionError as error:
            raise BadRequest("The JSON body is nested too deeply.") from error
        if not isinstance(body, dict):
            raise BadRequest("The JSON body must be an object.")
        return body


class Blueprint(flask_smorest.Blueprint):
    """A resource's blueprint: under the general API rate limit, refusing dead tokens."""

    ARGUMENTS_PARSER = JSONObjectParser()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_api(self)
        self.before_request(guards.refuse_bad_token)

    def auth_required(self, view: Callable) -> Callable:
        """Refuse callers without a live bearer token (401); say so in the OpenAPI document."""
        guarded = guards.token_required(view)
        guarded = self.alt_response(401, response="UNAUTHORIZED")(guarded)
        return self.doc(security=[{"bearerAuth": []}])(guarded)
