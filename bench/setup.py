"""A bench database's data (made with the app's models, no HTTP) and the servers' warm-up."""

import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import data, servers, wrk
from bench.steps import RUNS

POLLS_PER_RUN = 100  # a vote run's polls; also the "spread" of the hot-poll comparison
TOKENS = 20_000  # accounts with a token: a hot run needs one per vote
BIG_BALLOTS, SMALL_BALLOTS = 1_000_000, 1_000
VOTE_SETS = ("vote", "anonymous_vote", "spread", "hot", "floor_vote")


@dataclass
class Prepared:
    """A database's bench data: token file, read polls, and per-run poll files for votes."""

    folder: Path
    tokens: Path
    big: data.PollRef
    small: data.PollRef
    warm: Path
    vote_files: dict[str, list[Path]] = field(default_factory=dict)
    hot_poll_ids: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def prepare(folder: Path, hot: bool, floors: bool) -> Prepared:
    """Make the data inside the current app context; times each step."""
    seconds = {}
    clock = time.monotonic()
    tokens = folder / "tokens.txt"
    owner = data.add_accounts(TOKENS, tokens)
    seconds["accounts"] = time.monotonic() - clock
    clock = time.monotonic()
    big = data.add_big_poll(owner, BIG_BALLOTS, "1M")
    seconds["poll_1m"] = time.monotonic() - clock
    clock = time.monotonic()
    small = data.add_big_poll(owner, SMALL_BALLOTS, "1k")
    warm = data.write_polls(data.add_polls(owner, 1, "warm-up"), folder / "warm.txt")
    prepared = Prepared(folder, tokens, big, small, warm, seconds=seconds)
    for name in VOTE_SETS:
        if (name in ("spread", "hot") and not hot) or (name == "floor_vote" and not floors):
            continue
        count = 1 if name == "hot" else POLLS_PER_RUN
        for run in range(RUNS):
            polls = data.add_polls(owner, count, f"{name} run {run + 1}")
            path = data.write_polls(polls, folder / f"{name}-{run + 1}.txt")
            prepared.vote_files.setdefault(name, []).append(path)
            if name == "hot":
                prepared.hot_poll_ids += [p.id for p in polls]
    seconds["polls"] = time.monotonic() - clock
    return prepared


def warm_up(
    app: servers.Server,
    ceiling: servers.Server,
    ref: servers.Server,
    prepared: Prepared,
    floors: bool,
) -> None:
    """A few requests of every kind first, so no run pays for a cold worker (the floors'
    warm-up votes repeat the app's voters: their 409s run the statement all the same)."""
    for _ in range(10):
        servers.get(ceiling.port, "/ceiling")
        servers.get(ref.port, "/reference/select")
        for path in ("/api/polls/{}/results", "/api/polls/{}", "/p/{}"):
            servers.get(app.port, path.format(prepared.big.id))
    inserts = ["/reference/insert"] + (["/reference/raw-insert"] if floors else [])
    for path in inserts:
        wrk.run(ref.url + path, script="insert.lua", connections=4, seconds=1)
    voting = [(app, "token", "/api/polls/%s/votes"), (app, "anonymous", "/api/polls/%s/votes")]
    if floors:
        voting.append((ref, "token", "/reference/raw-vote/%s"))
    for server, mode, path in voting:
        wrk.run(
            server.url + "/",
            script="vote.lua",
            args=[mode, str(prepared.warm), str(prepared.tokens), str(wrk.THREADS), path],
            connections=4,
            seconds=1,
        )
