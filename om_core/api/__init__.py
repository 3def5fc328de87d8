"""The JSON API: one folder per resource, and flask-smorest's `Api` that documents them all."""

from flask_smorest import Api as SmorestApi

from om_core.api.errors import ProblemSchema, handle_http_exception


class Api(SmorestApi):
    """flask-smorest's Api, answering every HTTP error with problem details (api/errors.py),
    as flask-smorest's docs show for a custom error handler."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def handle_http_exception(self, error):
        return handle_http_exception(error)


api = Api()
