"""The load: a database's polls and tokens, the warm-up, and the wrk steps, taken in turns."""

import itertools
import os
import time
from collections.abc import Callable
from pathlib import Path

from bench import data, servers, wrk
from bench.servers import Server

SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
RUNS, CONNECTIONS, HOT_CONNECTIONS = 3, 32, 64
POLLS_PER_RUN = 100  # a vote run's polls; also the "spread" of the hot-poll comparison
TOKENS = 20_000  # accounts with a token: a hot run needs one per vote
STARTED = time.monotonic()
Step = Callable[[int], wrk.Run]  # run n of a scenario


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - STARTED:5.0f} s] {message}", flush=True)  # noqa: T201


def prepare(folder: Path, vote_sets: list[str]) -> dict:
    """In an app context: TOKENS accounts with tokens, polls of 1,000,000 and 1,000 ballots, and
    for each vote set a file of fresh polls for each run (POLLS_PER_RUN of them; "hot": one)."""
    made = {"tokens": folder / "tokens.txt", "warm": folder / "warm.txt"}
    owner = data.add_accounts(TOKENS, made["tokens"])
    made["big"] = data.add_big_poll(owner, 1_000_000, "1M")
    made["small"] = data.add_big_poll(owner, 1_000, "1k")
    data.add_polls(owner, 1, "warm-up", made["warm"])
    for name in vote_sets:
        made[name] = [folder / f"{name}-{n}.txt" for n in range(1, RUNS + 1)]
        for n, path in enumerate(made[name], start=1):
            data.add_polls(owner, 1 if name == "hot" else POLLS_PER_RUN, f"{name} run {n}", path)
    return made


def _sum(running: list, servers_: list[Server]) -> wrk.Run:
    """The wrk runs as one, once the servers answered what wrk left queued (drain)."""
    run = wrk.together([wrk.finish(each) for each in running])
    for server in servers_:
        server.drain()
    return run


def requests(server: Server, path: str, script: str = "get.lua") -> Step:
    """wrk on the server's `path` with scenarios/<script>."""
    return lambda _n: _sum([wrk.start(server.url + path, script, CONNECTIONS, SECONDS)], [server])


def _vote(app: Server, connections: int, seconds: int, mode: str, polls: Path, made: dict):
    args = (mode, polls, made["tokens"], wrk.THREADS)
    return wrk.start(app.url, "vote.lua", connections, seconds, *args)


def votes(mode: str, made: dict, connections: int, *targets: tuple[Server, str]) -> Step:
    """Run n: votes by `mode` ("token" or "anonymous", see vote.lua) in the polls of run n of
    each (server, vote set) of `targets`, all at once, the connections shared out: their sum."""
    share, apps = connections // len(targets), [app for app, _name in targets]
    return lambda n: _sum(
        [_vote(a, share, SECONDS, mode, made[s][n], made) for a, s in targets], apps
    )


def warm_up(apps: list[Server], ceiling: Server, ref: Server, made: dict, floor: bool) -> None:
    """A few requests of every kind first, so no run pays for a cold worker."""
    reads = ("/api/polls/{}/results", "/api/polls/{}", "/p/{}")
    for _ in range(10):
        servers.get(ceiling.port, "/ceiling")
        servers.get(ref.port, "/reference/select")
        for app, path in itertools.product(apps, reads):
            servers.get(app.port, path.format(made["big"]))
    for path in ("/reference/insert", "/reference/raw-insert")[: 1 + floor]:
        wrk.finish(wrk.start(ref.url + path, "insert.lua", 4, 1))
    for app, mode in itertools.product(apps, ("token", "anonymous")):
        wrk.finish(_vote(app, 4, 1, mode, made["warm"], made))


def in_turns(plan: dict[str, Step], database: str) -> dict[str, list[wrk.Run]]:
    """RUNS rounds of every step of the plan, in turns, so that noise hits them alike."""
    runs = {name: [] for name in plan}
    for n in range(RUNS):
        for name, step in plan.items():
            runs[name].append(run := step(n))
            p99, errors = run.latency_us["p99"] / 1000, run.errors
            log(
                f"{database} {name} {n + 1}: {run.rps:.0f} req/s, p99 {p99:.1f} ms, {errors} errors"
            )
    return runs
