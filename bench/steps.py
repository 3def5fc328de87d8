"""One scenario's runs: the wrk step of each kind of request, and the rounds that take
every step of a plan in turns, with the CPU each run cost (bench/cpu.py)."""

import os
import time
from collections.abc import Callable
from pathlib import Path

from bench import cpu, servers, wrk

SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
RUNS = 3
CONNECTIONS = 32

STARTED = time.monotonic()


def log(message: str) -> None:
    elapsed = time.monotonic() - STARTED
    print(f"[bench {elapsed:5.0f} s] {message}", flush=True)  # noqa: T201 - progress


def get(server: servers.Server, path: str) -> Callable[[int], wrk.Run]:
    return lambda _run: wrk.run(
        server.url + path, script="get.lua", connections=CONNECTIONS, seconds=SECONDS
    )


def inserts(server: servers.Server, path: str = "/reference/insert") -> Callable[[int], wrk.Run]:
    """A reference INSERT + commit (insert.lua), then wait for the queued ones."""

    def step(_run: int) -> wrk.Run:
        result = wrk.run(
            server.url + path,
            script="insert.lua",
            connections=CONNECTIONS,
            seconds=SECONDS,
        )
        _wait_for_queued(server)
        return result

    return step


def votes(
    server: servers.Server,
    mode: str,
    files: list[Path],
    tokens: Path,
    connections: int,
    path: str = "/api/polls/%s/votes",
    seconds: int = SECONDS,
) -> Callable[[int], wrk.Run]:
    """Run n votes in the polls of files[n], by token or anonymously, to `path` (see
    vote.lua), for `seconds`, then wait for the queued ones."""

    def step(run: int) -> wrk.Run:
        args = [mode, str(files[run]), str(tokens), str(wrk.THREADS), path]
        result = wrk.run(
            server.url + "/", script="vote.lua", args=args, connections=connections, seconds=seconds
        )
        _wait_for_queued(server)
        return result

    return step


def _wait_for_queued(server: servers.Server) -> None:
    """Writes wrk sent but stopped waiting for are still queued at the server: wait for them
    (a request to its ready path queues behind them) so they do not slow the next run."""
    servers.get(server.port, server.ready_path, timeout=15)


def in_turns(
    plan: dict[str, Callable[[int], wrk.Run]], database: str, workers: Callable[[], list[int]]
) -> dict[str, list]:
    """RUNS rounds of every step of the plan, in turns, so that noise hits them alike; the
    CPU the servers' `workers` and the database spend per request, around each."""
    runs: dict[str, list[wrk.Run]] = {name: [] for name in plan}
    for number in range(RUNS):
        for name, step in plan.items():
            before = cpu.sample(workers())
            result = step(number)
            after = cpu.sample(workers())
            result.extra["cpu_us_per_request"] = cpu.per_request_us(before, after, result.requests)
            runs[name].append(result)
            log(
                f"{database} {name} run {number + 1}: {result.rps:.0f} req/s, "
                f"p99 {result.latency_us['p99'] / 1000:.1f} ms, errors {result.errors}"
            )
    return runs
