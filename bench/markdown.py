"""The human half of the report: bench/results/latest.md, and writing both result files."""

import json
from pathlib import Path

from bench.bounds import REFERENCE_LABELS, reference_lines, vs_floor
from bench.definitions import DEFINITIONS
from bench.report import (
    HOT_RATIO_TARGET,
    REFERENCE_NAMES,
    REQUIRED_ON,
    RESULTS,
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
            f"{vs_floor(row)} | ≥ {detail['target_ratio']:.2f} | {verdict} |"
        )
    return lines


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
        f" {hot['reused_pairs']} requests reused a (token, poll) pair: raise setup.TOKENS."
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
        *reference_lines(report),
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
