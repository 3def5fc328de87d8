"""The bench's summary: medians of runs, ratios to the ceiling and to the references,
targets, and the two files bench/results/latest.json (for other tools) and latest.md (for
people)."""

import os
import platform
import statistics
from datetime import datetime
from pathlib import Path

from bench.wrk import Run

RESULTS = Path(__file__).resolve().parent / "results"
SCENARIO_NAMES = ("vote", "anonymous_vote", "results_1m", "poll_read", "page")
# Bare Flask endpoints doing one Flask-SQLAlchemy statement on the same database
# (bench/reference.py): what any Flask app touching the database reaches on this machine.
# The floors, on PostgreSQL only: a bare Flask endpoint running one statement on its own
# psycopg connection, no ORM, no pool: a raw INSERT, and the app's own vote statement.
REFERENCE_NAMES = ("reference_select", "reference_insert", "floor_insert", "floor_vote")
FLOOR_FOR = {"vote": "floor_vote", "anonymous_vote": "floor_vote"}
# The reference each scenario is compared with: votes write, the rest read.
REFERENCE_FOR = {
    "vote": "reference_insert",
    "anonymous_vote": "reference_insert",
    "results_1m": "reference_select",
    "poll_read": "reference_select",
    "page": "reference_select",
}
# The targets, each a ratio to the ceiling in the same run, required on PostgreSQL.
TARGETS = {
    "vote": 0.25,
    "anonymous_vote": 0.25,
    "results_1m": 0.30,
    "poll_read": 0.30,
    "page": 0.20,
}
P99_LIMIT_MS = 100.0
TIME_RATIO_LIMIT = 1.5  # results of 1,000,000 ballots vs 1,000: at most 1.5x the time
HOT_RATIO_TARGET = 0.7  # hot poll vs votes spread over 100 polls
REQUIRED_ON = "postgresql"


def summarize(runs: list[Run]) -> dict:
    """Median, min and max requests/s of the runs; p50 and p99 of the median run (the run
    whose requests/s is the median); errors of all runs added up."""
    ordered = sorted(runs, key=lambda run: run.rps)
    middle = ordered[len(ordered) // 2]
    return {
        "rps_median": round(statistics.median(run.rps for run in runs), 1),
        "rps_min": round(ordered[0].rps, 1),
        "rps_max": round(ordered[-1].rps, 1),
        "p50_ms": round(middle.latency_us["p50"] / 1000, 2),
        "p99_ms": round(middle.latency_us["p99"] / 1000, 2),
        "errors": sum(run.errors for run in runs),
        "cpu_us_per_request": middle.extra.get("cpu_us_per_request"),
    }


def judge(name: str, row: dict) -> list[str]:
    """What keeps a scenario from its targets (empty when it meets them all)."""
    missed = []
    if row["ratio"] < TARGETS[name]:
        missed.append(f"ratio {row['ratio']:.2f} < {TARGETS[name]:.2f}")
    if row["errors"]:
        missed.append(f"{row['errors']} errors")
    if row["p99_ms"] >= P99_LIMIT_MS:
        missed.append(f"p99 {row['p99_ms']:.0f} ms >= {P99_LIMIT_MS:.0f}")
    return missed


def missed_targets(report: dict) -> list[str]:
    """Every target missed where it is required (for BENCH_STRICT=1)."""
    missed = [
        f"{name}: {', '.join(detail['missed'])}"
        for name, detail in report["details"].get(REQUIRED_ON, {}).items()
        if detail.get("missed")
    ]
    ratio = report["results_time_ratio_1m_to_1k"]
    if ratio is not None and ratio > TIME_RATIO_LIMIT:
        missed.append(f"results time ratio {ratio:.2f} > {TIME_RATIO_LIMIT}")
    hot = report["hot_to_spread_ratio"]
    if hot is not None and hot < HOT_RATIO_TARGET:
        missed.append(f"hot/spread ratio {hot:.2f} < {HOT_RATIO_TARGET}")
    return missed


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def build(
    databases: dict[str, dict], *, settings: dict, started: str, elapsed: float, info: dict
) -> dict:
    """latest.json: the issue's schema first, then details under keys of their own."""
    ceiling = {db: summarize(result["ceiling"]) for db, result in databases.items()}
    scenarios, details = [], {}
    for db, result in databases.items():
        references = {}
        measured = [name for name in REFERENCE_NAMES if name in result["scenarios"]]
        for name in measured:
            references[name] = {
                "name": name,
                "database": db,
                **summarize(result["scenarios"][name]),
            }
            references[name]["ratio"] = round(
                references[name]["rps_median"] / ceiling[db]["rps_median"], 3
            )
        for name in SCENARIO_NAMES:
            row = {"name": name, "database": db, **summarize(result["scenarios"][name])}
            row["ratio"] = round(row["rps_median"] / ceiling[db]["rps_median"], 3)
            row["reference"] = REFERENCE_FOR[name]
            row["vs_reference"] = round(
                row["rps_median"] / references[row["reference"]]["rps_median"], 3
            )
            floor = FLOOR_FOR.get(name)
            if floor in references:
                row["floor"] = floor
                row["vs_floor"] = round(row["rps_median"] / references[floor]["rps_median"], 3)
            scenarios.append(row)
            details.setdefault(db, {})[name] = {
                "target_ratio": TARGETS[name],
                "required": db == REQUIRED_ON,
                "missed": judge(name, row),
                "runs": [run.to_dict() for run in result["scenarios"][name]],
            }
        scenarios += references.values()
        for name in measured:
            details[db][name] = {"runs": [run.to_dict() for run in result["scenarios"][name]]}
        details[db]["ceiling"] = {"runs": [run.to_dict() for run in result["ceiling"]]}
    commit = databases.get(REQUIRED_ON, {}).get("commit_latency")
    bound = commit["vote_upper_bound_rps"] if commit else None
    time_ratio = {db: result["time_ratio"] for db, result in databases.items()}
    hot = {db: result["hot_poll"] for db, result in databases.items() if result.get("hot_poll")}
    return {
        "ceiling_rps": {db: summary["rps_median"] for db, summary in ceiling.items()},
        "scenarios": scenarios,
        "results_time_ratio_1m_to_1k": time_ratio.get(REQUIRED_ON, {}).get("ratio"),
        "hot_to_spread_ratio": hot.get(REQUIRED_ON, {}).get("ratio"),
        "commit_latency_ms": commit,
        "vote_upper_bound_rps": bound,
        "vote_upper_bound_ratio": (
            round(bound / ceiling[REQUIRED_ON]["rps_median"], 3) if bound else None
        ),
        "reference_for": REFERENCE_FOR,
        "machine": info,
        "date": started,
        "ceiling": ceiling,
        "results_time_ratio_by_database": time_ratio,
        "hot_poll": hot,
        "recount": {db: result["recount"] for db, result in databases.items()},
        "rss_mb_per_worker": {db: result["rss_mb"] for db, result in databases.items()},
        "durability": {db: result["durability"] for db, result in databases.items()},
        "server_log": {db: result["server_log"] for db, result in databases.items()},
        "setup_seconds": {db: result["setup_seconds"] for db, result in databases.items()},
        "targets": {
            "required_on": REQUIRED_ON,
            "ratio": TARGETS,
            "p99_ms_below": P99_LIMIT_MS,
            "errors": 0,
            "results_time_ratio_at_most": TIME_RATIO_LIMIT,
            "hot_to_spread_ratio_at_least": HOT_RATIO_TARGET,
        },
        "details": details,
        "settings": settings,
        "elapsed_seconds": round(elapsed, 1),
    }


def time_ratio(big: list[Run], small: list[Run]) -> dict:
    """How the results read time at 1,000,000 ballots compares with 1,000 (same load)."""
    s_big, s_small = summarize(big), summarize(small)
    return {
        "ratio": round(s_small["rps_median"] / s_big["rps_median"], 3),
        "definition": "req/s of the 1,000-ballot poll / req/s of the 1,000,000-ballot poll "
        "(time per results read under the same load), medians of 3 runs",
        "p50_ratio": round(s_big["p50_ms"] / s_small["p50_ms"], 3),
        "rps_1m": s_big["rps_median"],
        "rps_1k": s_small["rps_median"],
        "p50_ms_1m": s_big["p50_ms"],
        "p50_ms_1k": s_small["p50_ms"],
        "runs_1k": [run.to_dict() for run in small],
    }


def hot_poll(
    runs: dict[str, list[Run]],
    *,
    connections: int,
    spread_polls: int,
    deadlocks: int | None,
    hot_ballots: int,
) -> dict:
    """Votes on one poll and one choice against votes spread over polls, and whether every
    answer 201 of the hot runs left its ballot."""
    hot, spread = summarize(runs["hot"]), summarize(runs["spread"])
    return {
        "ratio": round(hot["rps_median"] / spread["rps_median"], 3),
        "connections": connections,
        "spread_polls": spread_polls,
        "hot": hot,
        "spread": spread,
        "errors": hot["errors"] + spread["errors"],
        "deadlocks": deadlocks,
        "hot_201": sum(run.statuses.get(201, 0) for run in runs["hot"]),
        "hot_ballots": hot_ballots,
        "reused_pairs": sum(run.reused_pairs for run in runs["hot"] + runs["spread"]),
        "runs": {name: [run.to_dict() for run in rs] for name, rs in runs.items()},
    }


def failures(result: dict) -> list[str]:
    """What makes the bench itself fail: counts that do not match their ballots."""
    problems = []
    for db_name, checked in result["recount"].items():
        if checked["polls_off"] or checked["choices_off"]:
            problems.append(f"{db_name}: kept counts differ from the recount")
    for db_name, hot in result["hot_poll"].items():
        if hot["hot_ballots"] < hot["hot_201"]:
            problems.append(f"{db_name}: fewer hot-poll ballots than answers 201 (lost votes)")
    return problems
