"""The human half of the report: bench/results/latest.md, and writing both result files."""

import json
from pathlib import Path

from bench.definitions import DEFINITIONS
from bench.report import (
    HOT_RATIO_TARGET,
    REFERENCE_NAMES,
    REQUIRED_ON,
    RESULTS,
    TARGETS,
    TIME_RATIO_LIMIT,
)

EN_DASH = "\u2013"


def _rps(summary: dict) -> str:
    low, high = summary["rps_min"], summary["rps_max"]
    return f"{summary['rps_median']:.0f} ({low:.0f}{EN_DASH}{high:.0f})"


def _verdict(missed: list[str], required: bool) -> str:
    text = "yes" if not missed else "no: " + "; ".join(missed)
    return text if required else f"({text})"


def _scenario_table(report: dict) -> list[str]:
    lines = [
        f"| scenario | database | req/s median (min{EN_DASH}max) | p50 ms | p99 ms | errors "
        "| ratio | vs reference | target | met? |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for db, summary in report["ceiling"].items():
        lines.append(
            f"| ceiling (bare Flask) | {db} | {_rps(summary)} | {summary['p50_ms']:.1f} "
            f"| {summary['p99_ms']:.1f} | {summary['errors']} | 1.00 | | | |"
        )
    references = [row for row in report["scenarios"] if row["name"] in REFERENCE_NAMES]
    for row in references:
        lines.append(
            f"| {row['name']} ({REFERENCE_LABELS[row['name']]}) | {row['database']} | {_rps(row)} "
            f"| {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} "
            f"| {row['ratio']:.2f} | 1.00 | | |"
        )
    for row in report["scenarios"]:
        if row["name"] in REFERENCE_NAMES:
            continue
        detail = report["details"][row["database"]][row["name"]]
        verdict = _verdict(detail["missed"], detail["required"])
        lines.append(
            f"| {row['name']} | {row['database']} | {_rps(row)} | {row['p50_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {row['errors']} | {row['ratio']:.2f} "
            f"| {row['vs_reference']:.2f} of {row['reference'].removeprefix('reference_')}"
            f"{_vs_floor(row)} | ≥ {detail['target_ratio']:.2f} | {verdict} |"
        )
    return lines


REFERENCE_LABELS = {
    "reference_select": "bare Flask + 1 statement",
    "reference_insert": "bare Flask + 1 statement",
    "floor_insert": "bare Flask + 1 raw INSERT",
    "floor_vote": "bare Flask + the vote's statement, raw",
}


def _vs_floor(row: dict) -> str:
    return f", {row['vs_floor']:.2f} of {row['floor']}" if "vs_floor" in row else ""


def _reference_lines(report: dict) -> list[str]:
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


def _time_ratio_line(db: str, ratio: dict) -> str:
    verdict = "met" if ratio["ratio"] <= TIME_RATIO_LIMIT else "missed"
    if db != REQUIRED_ON:
        verdict += ", not required"
    return (
        f"- Results read time, 1,000,000 vs 1,000 ballots ({db}): **{ratio['ratio']:.2f}x** "
        f"(target ≤ {TIME_RATIO_LIMIT}x: {verdict}). "
        f"1k poll: {ratio['rps_1k']:.0f} req/s, p50 {ratio['p50_ms_1k']:.1f} ms; "
        f"1M poll: {ratio['rps_1m']:.0f} req/s, p50 {ratio['p50_ms_1m']:.1f} ms."
    )


def _hot_line(db: str, hot: dict) -> str:
    met = hot["ratio"] >= HOT_RATIO_TARGET and hot["errors"] == 0 and not hot["deadlocks"]
    verdict = "met" if met else "missed"
    if db != REQUIRED_ON:
        verdict += ", not required"
    late = hot["hot_ballots"] - hot["hot_201"]
    reused = (
        f" {hot['reused_pairs']} requests reused a (token, poll) pair: raise run.TOKENS."
        if hot["reused_pairs"]
        else ""
    )
    return (
        f"- Hot poll ({db}, {hot['connections']} connections): all votes on one poll and one "
        f"choice {_rps(hot['hot'])} req/s vs spread over {hot['spread_polls']} polls "
        f"{_rps(hot['spread'])} req/s: **{hot['ratio']:.2f}** (target ≥ {HOT_RATIO_TARGET}: "
        f"{verdict}); errors {hot['errors']}; p99 {hot['hot']['p99_ms']:.0f} ms hot, "
        f"{hot['spread']['p99_ms']:.0f} ms spread; deadlocks {hot['deadlocks']}. The hot polls "
        f"hold {hot['hot_ballots']} ballots for {hot['hot_201']} answers 201 seen by wrk: the "
        f"{late} more are votes still queued or in flight when a run stopped (at most "
        f"{hot['connections']} a run).{reused}"
    )


def _recount_line(db: str, recount: dict) -> str:
    ok = not recount["polls_off"] and not recount["choices_off"]
    off = "" if ok else f"; differing: {recount['polls_off']} {recount['choices_off']}"
    return (
        f"- Kept counts == recount ({db}): **{'yes' if ok else 'NO'}**, over {recount['polls']} "
        f"polls, {recount['choices']} choices, {recount['ballots']:,} ballots{off}."
    )


def _cpu_lines(report: dict) -> list[str]:
    """CPU per request of the median run: the server's workers and the database server."""
    lines = ["| scenario | database | workers us | database us |", "|---|---|---|---|"]
    rows = [{"name": "ceiling", "database": db, **s} for db, s in report["ceiling"].items()]
    for row in rows + report["scenarios"]:
        spent = row.get("cpu_us_per_request")
        if spent:
            lines.append(
                f"| {row['name']} | {row['database']} | {spent['workers']:.0f} | "
                f"{spent['database']:.0f} |"
            )
    return lines


def _scale_lines(report: dict) -> list[str]:
    lines = [_time_ratio_line(db, r) for db, r in report["results_time_ratio_by_database"].items()]
    lines += [_hot_line(db, hot) for db, hot in report["hot_poll"].items()]
    lines += [_recount_line(db, recount) for db, recount in report["recount"].items()]
    return lines


def markdown(report: dict) -> str:
    m, s = report["machine"], report["settings"]
    lines = [
        "# poll_app benchmark: latest run",
        "",
        f"Run {report['date']} in {report['elapsed_seconds']:.0f} s by `make bench` "
        f"(bench/run.py). Machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB, "
        f"Linux {m['kernel']}, load average {m['load_average_at_start']} at the start. "
        "Absolute numbers depend on the machine and what else runs on it; the ratios, "
        "measured in the same run, are what the targets are about.",
        "",
        f"Server: `gunicorn {' '.join(s['gunicorn'])}` on 127.0.0.1, the same for the app and for "
        f'the ceiling (bench/ceiling.py, a bare Flask app answering `{{"status": "ok"}}`) '
        "and the references (bench/reference.py). "
        f"App env: {s['app_env']}. Load: `{s['wrk']}`, {s['runs']} runs of every scenario, taken "
        "in turns (ceiling, references, then each scenario, three rounds) so that noise hits them "
        "alike. "
        "Durable commits: "
        + "; ".join(f"{db}: {d}" for db, d in report["durability"].items())
        + ".",
        "",
        *_scenario_table(report),
        "",
        "Targets are required on PostgreSQL; SQLite's verdicts are in parentheses, for "
        "information. *met?* also needs zero errors and p99 under 100 ms.",
        "",
        "## The references: what a Flask app touching the database reaches",
        "",
        *_reference_lines(report),
        "",
        "## Scale",
        "",
        *_scale_lines(report),
        "",
        "## CPU per request (median run, microseconds)",
        "",
        "The gunicorn workers' and every PostgreSQL process's user + system time over a run "
        "(bench/cpu.py), per request answered. The database's share bounds how many app "
        "servers one database server can feed (README, Scaling).",
        "",
        *_cpu_lines(report),
        "",
        "## Peak memory per worker (VmHWM, MiB)",
        "",
        "| database | app workers | ceiling workers | reference workers |",
        "|---|---|---|---|",
    ]
    for db, rss in report["rss_mb_per_worker"].items():
        app, ceiling, ref = (
            ", ".join(map(str, rss.get(server, []))) for server in ("app", "ceiling", "reference")
        )
        lines.append(f"| {db} | {app} | {ceiling} | {ref} |")
    lines += ["", "## How it is measured", "", *DEFINITIONS, ""]
    return "\n".join(lines)


def write(report: dict) -> tuple[Path, Path]:
    RESULTS.mkdir(exist_ok=True)
    json_path, md_path = RESULTS / "latest.json", RESULTS / "latest.md"
    json_path.write_text(json.dumps(report, indent=2) + "\n")
    md_path.write_text(markdown(report))
    return json_path, md_path
