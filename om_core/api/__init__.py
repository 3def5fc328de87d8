"""The JSON API: one folder per resource, and flask-smorest's `Api` that documents them all."""

from flask_smorest import Api as SmorestApi

from om_core.api.enums import register_enums
from om_core.api.errors import ProblemSchema, handle_http_exception


class Api(SmorestApi):
    """flask-smorest's Api, answering every HTTP error with problem details (api/errors.py),
    as flask-smorest's docs show for a custom error handler."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def init_app(self, app, **kwargs) -> None:
        """Also add the enumerations to the document, before any blueprint refers to them."""
        super().init_app(app, **kwargs)
        register_enums(self.spec, self.ma_plugin)

    def _register_pagination_header(self) -> None:
        """Nothing: that is the header of flask-smorest's @paginate, which no route here uses
        (a page is an envelope, api/pagination.py), and its schema would be a dead component."""

    def handle_http_exception(self, error):
        return handle_http_exception(error)


api = Api()
