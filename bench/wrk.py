"""One wrk run, bounded in time, and what it measured (read from the Lua scripts' line)."""

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
THREADS = 2
TIMEOUT_SECONDS = 5  # a request unanswered this long is a timeout error


@dataclass(frozen=True)
class Run:
    """What one wrk run measured."""

    requests: int
    seconds: float
    statuses: dict[int, int]
    socket_errors: dict[str, int]
    latency_us: dict[str, float]
    reused_pairs: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def bad_statuses(self) -> int:
        """Answers that are neither 2xx nor 3xx."""
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 400)

    @property
    def errors(self) -> int:
        """Bad statuses plus socket errors (connect, read, write, timeout)."""
        return self.bad_statuses + sum(self.socket_errors.values())

    def to_dict(self) -> dict:
        return {
            "rps": round(self.rps, 1),
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "p50_ms": round(self.latency_us["p50"] / 1000, 2),
            "p90_ms": round(self.latency_us["p90"] / 1000, 2),
            "p99_ms": round(self.latency_us["p99"] / 1000, 2),
            "max_ms": round(self.latency_us["max"] / 1000, 2),
            "errors": self.errors,
            "statuses": {str(s): n for s, n in sorted(self.statuses.items())},
            "socket_errors": self.socket_errors,
            "reused_pairs": self.reused_pairs,
            **self.extra,
        }


def executable() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise RuntimeError("wrk is missing: `make bench` installs it (apt-get install wrk)")
    return path


def run(
    url: str,
    *,
    script: str,
    args: list[str] | tuple = (),
    connections: int,
    seconds: int,
) -> Run:
    """wrk -t2 -c<connections> -d<seconds>s --latency on `url`, with scenarios/<script>."""
    command = [executable(), f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", f"{TIMEOUT_SECONDS}s", "-s", str(SCENARIOS / script), url]
    if args:
        command += ["--", *args]
    done = subprocess.run(  # noqa: S603 - wrk with our own arguments
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix("BENCH_RESULT "))
    return Run(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        statuses={int(s): n for s, n in raw["statuses"].items()},
        socket_errors=raw["socket_errors"],
        latency_us=raw["latency_us"],
        reused_pairs=raw["reused_pairs"],
    )
