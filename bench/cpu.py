"""CPU time the server's workers and the database spend per request, read from /proc around
each wrk run. The database's share is what says how many app servers one PostgreSQL can
feed (README, "Scaling"); the workers' share, what one app server costs per request.

Counted: the utime + stime of every gunicorn worker of the bench's servers (only the server
under load accrues any) and of every `postgres` process (backends, WAL writer, checkpointer:
all of a vote's cost). A process that ends during a run loses its time; the pools keep their
connections, so backends live through the runs.
"""

import os
from dataclasses import dataclass
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _ticks(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


@dataclass(frozen=True)
class Sample:
    workers: dict[int, int]
    database: dict[int, int]


def sample(worker_pids: list[int]) -> Sample:
    return Sample(
        {pid: _ticks(pid) for pid in worker_pids},
        {pid: _ticks(pid) for pid in _postgres_pids()},
    )


def per_request_us(before: Sample, after: Sample, requests: int) -> dict[str, float]:
    """Microseconds of CPU per request answered, by the workers and by the database."""

    def spent(then: dict[int, int], now: dict[int, int]) -> float:
        ticks = sum(now[pid] - then.get(pid, 0) for pid in now)
        return ticks / TICKS_PER_SECOND

    return {
        name: round(spent(getattr(before, name), getattr(after, name)) / requests * 1e6, 1)
        if requests
        else 0.0
        for name in ("workers", "database")
    }
