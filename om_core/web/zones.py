"""Time zones on the pages. The poll form sends the zone its closing time was entered in
(poll-form.js fills it from the browser; UTC without JavaScript), and a moment is written
in UTC for local-time.js to rewrite in the viewer's own zone, naming it."""

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from flask import request

DEFAULT_ZONE = "UTC"


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())  # reads the tz database's folder: once


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone of that name, or None for a name the tz database lacks (ZoneInfo itself
    would read any file under the database's folder, or fail on a path)."""
    return ZoneInfo(name) if name in _known_zones() else None


def submitted_zone() -> ZoneInfo | None:
    """The zone of the poll form's times, for its date field to read them in: the form's
    `timezone` (UTC when it sends none); None for an unknown name, which the form reports."""
    return zone_named(request.form.get("timezone") or DEFAULT_ZONE)


def utc_iso(moment: datetime) -> str:
    """The moment for a `<time datetime>` attribute, in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_text(moment: datetime) -> str:
    """The moment as local-time.js writes it, here in UTC (what a page without JavaScript
    shows): "Fri 12 Dec, 17:00 (UTC)", with the year when it is not this year's."""
    moment = moment.astimezone(UTC)
    year = f" {moment.year}" if moment.year != datetime.now(UTC).year else ""
    return f"{moment:%a} {moment.day} {moment:%b}{year}, {moment:%H:%M} (UTC)"
