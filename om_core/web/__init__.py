"""Server-rendered pages: create, share, vote and watch results, on the same voting service."""

from om_core.web import account_views, views  # noqa: F401 - their routes register on bp
from om_core.web.blueprint import bp

__all__ = ["bp"]
