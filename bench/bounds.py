"""What bounds the targets, for latest.md: the references (what a plain Flask app touching the
database reaches), the floors (what one raw statement reaches) and the commit latency."""

from bench.report import REFERENCE_NAMES, REQUIRED_ON, TARGETS

REFERENCE_LABELS = {
    "reference_select": "bare Flask + 1 statement",
    "reference_insert": "bare Flask + 1 statement",
    "floor_insert": "bare Flask + 1 raw INSERT",
    "floor_vote": "bare Flask + the vote's statement, raw",
}


def vs_floor(row: dict) -> str:
    return f", {row['vs_floor']:.2f} of {row['floor']}" if "vs_floor" in row else ""


def reference_lines(report: dict) -> list[str]:
    """What *vs reference* means, with this run's references, and the commit-latency bound."""
    refs = {
        (row["database"], row["name"]): row
        for row in report["scenarios"]
        if row["name"] in REFERENCE_NAMES
    }
    reached = "; ".join(
        f"{db}: SELECT {refs[db, 'reference_select']['ratio']:.2f}, "
        f"INSERT + commit {refs[db, 'reference_insert']['ratio']:.2f}"
        for db in report["ceiling"]
        if (db, "reference_select") in refs
    )
    lines = [
        "**vs reference** = the scenario's median req/s / the median req/s of a bare Flask "
        "endpoint doing one naive Flask-SQLAlchemy statement on the same database, served by "
        "the same gunicorn in the same run (bench/reference.py): votes are compared with "
        "`reference_insert` (one ORM INSERT and `db.session.commit()`, durable), reads and the "
        "page with `reference_select` (one SELECT of one row by primary key, returned as JSON). "
        "The references are what a plain Flask app touching the database once per request "
        "reaches on this machine: the drop below the ceiling to them is what the database round "
        "trips and Flask-SQLAlchemy's session, pool and transaction cost before an app does "
        "anything of its own. A scenario's vs reference is the share of that "
        "reachable throughput it keeps; 1.00 would be an endpoint as cheap as one naive "
        "statement. A ratio target above its reference's ratio asks for more than a bare "
        "Flask endpoint doing one naive Flask-SQLAlchemy statement reaches here; only an "
        "endpoint doing less per request than that pattern (fewer round trips, no ORM "
        "session work) could meet it. References' ratio to the ceiling: "
        f"{reached}.",
    ]
    return [*lines, *_floor_lines(report), *_commit_lines(report)]


def _floor_lines(report: dict) -> list[str]:
    """The floors: what the bare minimum of a durable write, and of this vote, reaches."""
    rows = {row["name"]: row for row in report["scenarios"] if row["database"] == REQUIRED_ON}
    if "floor_vote" not in rows:
        return []
    floor = rows["floor_vote"]
    verdict = "at or above" if floor["ratio"] >= TARGETS["vote"] else "below"
    votes = ", ".join(
        f"{name} {rows[name]['vs_floor']:.2f} of it" for name in ("vote", "anonymous_vote")
    )
    return [
        "",
        f"**The floors ({REQUIRED_ON})**: bare Flask endpoints (bench/reference.py) that each "
        "run one statement on the worker's own psycopg connection in autocommit: no ORM, no "
        "pool, no validation, no rate limits, no access log, no CORS or security headers. "
        f"`floor_insert`, a one-row INSERT, reaches {rows['floor_insert']['ratio']:.2f} of the "
        "ceiling: the most any Flask endpoint that writes durably once gets here. `floor_vote` "
        "runs the app's own vote statement (by token, single choice: guard, ballot, kept "
        f"counts, token check in one statement) and reaches **{floor['ratio']:.2f}**, "
        f"{verdict} the {TARGETS['vote']:.2f} the vote targets ask for; this run: {votes}. "
        "What a vote costs between the two floors is its statement; what the app adds on top "
        "of `floor_vote` is everything else a vote must do.",
    ]


def _commit_lines(report: dict) -> list[str]:
    """The commit-latency bound on votes/s, and whether it puts the vote targets out of reach."""
    commit = report.get("commit_latency_ms")
    if not commit:
        return []
    bound = report["vote_upper_bound_rps"]
    ceiling = report["ceiling"][REQUIRED_ON]["rps_median"]
    needed = TARGETS["vote"] * ceiling
    votes = ", ".join(
        f"{row['name']} {row['rps_median']:.0f} req/s ({row['rps_median'] / bound:.2f} of it)"
        for row in report["scenarios"]
        if row["database"] == REQUIRED_ON and row["name"] in ("vote", "anonymous_vote")
    )
    if bound >= needed:
        verdict = (
            f"{bound / needed:.1f}x the {needed:.0f} votes/s the vote targets ask for "
            f"({TARGETS['vote']:.2f} of the ceiling): commit latency alone does not put them "
            "out of reach; the time a vote takes beyond its commit is spent elsewhere"
        )
    else:
        verdict = (
            f"below the {needed:.0f} votes/s the vote targets ask for ({TARGETS['vote']:.2f} "
            "of the ceiling): even a vote doing nothing but its commit could not meet them "
            "with 2 sync workers"
        )
    return [
        "",
        f"**Commit latency ({REQUIRED_ON}, the physical limit for the vote targets)**: one "
        f"durable autocommit INSERT from Python (psycopg, {commit['iterations']} in a row on "
        f"one connection, before the servers start; {commit['settings']}) takes "
        f"**{commit['median']:.3f} ms** median, {commit['p90']:.3f} ms p90. Two sync workers, "
        "each waiting for its own commit, can therefore answer at most 2 / median = "
        f"**{bound:.0f} votes/s** = {report['vote_upper_bound_ratio']:.2f} of the ceiling, "
        f"{verdict}. This run: {votes}.",
    ]
