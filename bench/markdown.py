"""latest.md, the table people read, written with latest.json into bench/results/."""

import json
from pathlib import Path

from bench.report import LIMITS, REQUIRED_ON
from bench.servers import LOG_WORDS

RESULTS = Path(__file__).resolve().parent / "results"


def _row(name: str, database: str, row: dict) -> str:
    rps = f"{row['rps_median']:.0f} ({row['rps_min']:.0f}-{row['rps_max']:.0f})"
    vs = f"{row['vs_reference']:.2f} of {row['reference']}" if "reference" in row else ""
    target = (
        f"≥ {row['target']:.2f}: {'; '.join(row['missed']) or 'met'}" if "target" in row else ""
    )
    target = f"({target})" if target and database != REQUIRED_ON else target
    return (
        f"| {name} | {database} | {rps} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} "
        f"| {row['errors']} | {row.get('ratio', 1):.2f} | {vs} | {target} |"
    )


def _lines(name: str, d: dict, ceiling: float) -> list[str]:
    """What else a database's run measured and checked."""
    hot, recount, commit, lines = d["hot_poll"], d["recount"], d["commit_latency_ms"], []
    if commit:
        bound = commit["vote_upper_bound_rps"]
        lines.append(
            f"- Commit latency ({name}): a durable autocommit INSERT takes {commit['median']} ms "
            f"median, {commit['p90']} ms p90: the app's workers can commit at most {bound:.0f} "
            f"votes/s ({bound / ceiling:.2f} of the ceiling)."
        )
    if d["two_servers_to_vote_ratio"]:
        lines.append(
            f"- Two app servers on one database ({name}): summed token votes/s (`two_servers`) "
            f"= **{d['two_servers_to_vote_ratio']:.2f}x** one server's `vote`."
        )
    exact = not recount["polls_off"] and not recount["choices_off"]
    mentions = {log: {w: n for w, n in c.items() if n} for log, c in d["server_log"].items()}
    mentions = {log: counts for log, counts in mentions.items() if counts}
    clean = f"no {', '.join(LOG_WORDS)}, no restarted worker"
    return [
        *lines,
        f"- Results read time, 1,000,000 vs 1,000 ballots ({name}): "
        f"**{d['results_time_ratio_1m_to_1k']:.2f}x** "
        f"(target ≤ {LIMITS['results_time_ratio_at_most']}x).",
        f"- Hot poll ({name}): hot / spread = **{hot['ratio']:.2f}** (target ≥ "
        f"{LIMITS['hot_to_spread_ratio_at_least']}); errors {hot['errors']}, deadlocks "
        f"{hot['deadlocks']}, reused pairs {hot['reused_pairs']}; the hot polls hold "
        f"{hot['hot_ballots']} ballots for {hot['hot_201']} answers 201 (the rest were in "
        "flight when wrk stopped).",
        f"- Kept counts == recount ({name}): **{'yes' if exact else 'NO'}**, over "
        f"{recount['polls']} polls, {recount['choices']} choices, {recount['ballots']:,} "
        f"ballots" + ("." if exact else f"; differing: {recount}."),
        f"- Durability ({name}): {d['durability']}.",
        f"- Peak RSS per worker, MiB ({name}): {d['rss_mb']}.",
        f"- Server logs ({name}): {mentions or clean}.",
    ]


def markdown(result: dict) -> str:
    m, s = result["machine"], result["settings"]
    lines = [
        "# poll_app benchmark: latest run",
        "",
        f"Run {result['date']} in {result['elapsed_seconds']:.0f} s by `make bench`. Machine: "
        f"{m['nproc']} CPUs ({m['cpu_model']}), load average "
        f"{m['load_average_at_start']} at the start. Every server: `gunicorn "
        f"{' '.join(s['gunicorn'])}`. Load: `{s['wrk']}` ({s['hot_connections']} connections "
        f"for hot and spread), {s['runs']} runs of each scenario, taken in turns. *ratio*: to "
        "the ceiling (a bare Flask app) of the same database and run; *vs reference*: to a bare "
        "Flask endpoint doing one Flask-SQLAlchemy SELECT or INSERT + commit. Targets are "
        "required on PostgreSQL (others in parentheses). Definitions: docs/performance.md.",
        "",
        "| scenario | database | req/s median (min-max) | p50 ms | p99 ms | errors | ratio "
        "| vs reference | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_row("ceiling", name, d["ceiling"]) for name, d in result["databases"].items()]
    lines += [_row(row["name"], row["database"], row) for row in result["scenarios"]]
    lines.append("")
    for name, d in result["databases"].items():
        lines += _lines(name, d, result["ceiling_rps"][name])
    return "\n".join(lines) + "\n"


def write(result: dict) -> str:
    """Both files; returns latest.md's text."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(text := markdown(result))
    return text
