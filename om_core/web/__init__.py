"""Server-rendered pages: create, share, vote and watch results, on the same voting service."""

from om_core.web import (  # noqa: F401 - their routes register on bp
    account_views,
    ballot_views,
    manage_views,
    results_views,
    views,
)
from om_core.web.blueprint import bp

__all__ = ["bp"]
