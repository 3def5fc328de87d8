"""latest.json: each scenario's medians and ratios, the targets, and what else a run checked."""

import os
import time

from bench import load, servers, wrk

# The reference each scenario is compared with: votes write, the rest read.
READS = ["results_1m", "results_1k", "poll_read", "page"]
REFERENCE_FOR = dict.fromkeys(READS, "reference_select")
REFERENCE_FOR |= dict.fromkeys(["vote", "anonymous_vote"], "reference_insert")
# The targets, required on PostgreSQL: ratios to the ceiling (with no errors, p99
# under 100 ms), the results read time at 1M ballots vs 1k, and hot vs spread.
TARGETS = dict(vote=0.25, anonymous_vote=0.25, results_1m=0.30, poll_read=0.30, page=0.20)
LIMITS = dict(p99_ms_below=100, results_time_ratio_at_most=1.5, hot_to_spread_ratio_at_least=0.7)
REQUIRED_ON = "postgresql"


def judge(name: str, row: dict) -> list[str]:
    """What keeps a scenario from its targets (nothing when it meets them all)."""
    failed = {
        f"ratio {row['ratio']:.2f} < {TARGETS[name]:.2f}": row["ratio"] < TARGETS[name],
        f"{row['errors']} errors": row["errors"] > 0,
        f"p99 {row['p99_ms']:.0f} ms": row["p99_ms"] >= LIMITS["p99_ms_below"],
    }
    return [text for text, missed in failed.items() if missed]


def _database(name: str, result: dict, scenarios: list) -> dict:
    """One database's scenario rows (added to `scenarios`) and the rest of its numbers."""
    runs = result["runs"]
    summary = {scenario: wrk.summarize(each) for scenario, each in runs.items()}
    rps = {scenario: s["rps_median"] for scenario, s in summary.items()}

    def ratio(scenario: str, to: str) -> float:
        return round(rps[scenario] / rps[to], 3)

    missed = []
    for scenario, row in summary.items():
        row = {"name": scenario, "database": name, **row, "ratio": ratio(scenario, "ceiling")}
        if reference := REFERENCE_FOR.get(scenario):
            row |= {"reference": reference, "vs_reference": ratio(scenario, reference)}
        if scenario in TARGETS:
            row |= {"target": TARGETS[scenario], "missed": judge(scenario, row)}
        if scenario != "ceiling":
            scenarios.append(row)
            missed += [f"{scenario} {text}" for text in row.get("missed", [])]
    if ratio("results_1k", "results_1m") > LIMITS["results_time_ratio_at_most"]:
        missed.append("results time ratio, 1M ballots vs 1k")
    if ratio("hot", "spread") < LIMITS["hot_to_spread_ratio_at_least"]:
        missed.append("hot poll vs spread")
    if commit := result["commit_latency"]:
        commit["vote_upper_bound_rps"] = round(servers.WORKERS * 1000 / commit["median"], 1)
    return {
        "ceiling": summary["ceiling"],
        "commit_latency_ms": commit,
        "results_time_ratio_1m_to_1k": ratio("results_1k", "results_1m"),
        "hot_poll": {
            "ratio": ratio("hot", "spread"),
            "errors": summary["hot"]["errors"] + summary["spread"]["errors"],
            "deadlocks": result["deadlocks"],
            "hot_201": sum(run.statuses.get(201, 0) for run in runs["hot"]),
            "hot_ballots": result["hot_ballots"],
            "reused_pairs": sum(run.reused_pairs for run in runs["hot"] + runs["spread"]),
        },
        "two_servers_to_vote_ratio": ratio("two_servers", "vote") if "two_servers" in rps else None,
        **{key: result[key] for key in ("recount", "durability", "rss_mb", "server_log")},
        "missed": missed,
        "runs": {scenario: [run.to_dict() for run in each] for scenario, each in runs.items()},
    }


def build(results: dict[str, dict], *, started: str, machine: dict) -> dict:
    """latest.json: the scenarios (ratios to the ceiling), the required database's single
    numbers, then every database's details."""
    scenarios = []
    per_db = {name: _database(name, result, scenarios) for name, result in results.items()}
    required = per_db.get(REQUIRED_ON, {})
    single = ("results_time_ratio_1m_to_1k", "two_servers_to_vote_ratio", "commit_latency_ms")
    wrk_line = f"wrk -t{wrk.THREADS} -c{load.CONNECTIONS} -d{load.SECONDS}s --latency"
    return {
        "ceiling_rps": {name: d["ceiling"]["rps_median"] for name, d in per_db.items()},
        "scenarios": scenarios,
        **{key: required.get(key) for key in single},
        "hot_to_spread_ratio": required.get("hot_poll", {}).get("ratio"),
        "targets": {"ratio": TARGETS, **LIMITS, "errors": 0, "required_on": REQUIRED_ON},
        "date": started,
        "elapsed_seconds": round(time.monotonic() - load.STARTED, 1),
        "machine": machine,
        "settings": {
            "gunicorn": servers.GUNICORN_SETTINGS,
            "app_env": servers.app_environment("<the bench database>") | {"SECRET_KEY": "<random>"},
            "wrk": f"{wrk_line} --timeout {wrk.TIMEOUT_SECONDS}s",
            "runs": load.RUNS,
            "hot_connections": load.HOT_CONNECTIONS,
        },
        "databases": per_db,
    }


def failures(result: dict, strict: bool) -> list[str]:
    """Kept counts that differ from their ballots, and (strict) targets missed where required."""
    problems = []
    for name, details in result["databases"].items():
        if details["recount"]["polls_off"] or details["recount"]["choices_off"]:
            problems.append(f"{name}: kept counts differ from the recount")
        if details["hot_poll"]["hot_ballots"] < details["hot_poll"]["hot_201"]:
            problems.append(f"{name}: fewer hot-poll ballots than answers 201 (lost votes)")
        if strict and name == REQUIRED_ON:
            problems += [f"{name}: target missed: {missed}" for missed in details["missed"]]
    return problems


def machine() -> dict:
    with open("/proc/cpuinfo") as cpus:
        model = next((x.split(":")[1].strip() for x in cpus if x.startswith("model name")), "")
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
