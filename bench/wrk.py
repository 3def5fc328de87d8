"""wrk runs bounded in time, read from the Lua scripts' BENCH_RESULT line, and their medians."""

import json
import statistics
import subprocess
from collections import Counter
from dataclasses import asdict, dataclass
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
    reused_pairs: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        """Answers that are neither 2xx nor 3xx, plus socket errors (connect, read, timeout...)."""
        bad = sum(n for status, n in self.statuses.items() if not 200 <= status < 400)
        return bad + sum(self.socket_errors.values())

    def to_dict(self) -> dict:
        return {"rps": round(self.rps, 1), "errors": self.errors, **asdict(self)}


def start(url: str, script: str, connections: int, seconds: int, *args) -> subprocess.Popen:
    """wrk -t2 -c<connections> -d<seconds>s --latency --timeout 5s -s scenarios/<script> url."""
    command = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", f"{TIMEOUT_SECONDS}s", "-s", str(SCENARIOS / script), url]
    command += ["--", *map(str, args)] if args else []
    pipe = subprocess.PIPE
    return subprocess.Popen(command, stdout=pipe, stderr=pipe, text=True)  # noqa: S603 - ours


def finish(wrk: subprocess.Popen) -> Run:
    out, err = wrk.communicate(timeout=120)
    line = next((x for x in out.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if wrk.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({wrk.returncode}):\n{out}\n{err}")
    raw = json.loads(line.removeprefix("BENCH_RESULT "))
    return Run(**raw | {"statuses": {int(s): n for s, n in raw["statuses"].items()}})


def together(runs: list[Run]) -> Run:
    """Runs taken at the same time as one: requests/s summed, the slower latencies."""
    requests = sum(run.requests for run in runs)
    statuses = sum((Counter(run.statuses) for run in runs), Counter())
    errors = sum((Counter(run.socket_errors) for run in runs), Counter())
    latency = {k: max(run.latency_us[k] for run in runs) for k in runs[0].latency_us}
    seconds = statistics.mean(run.seconds for run in runs)
    reused = sum(run.reused_pairs for run in runs)
    return Run(requests, seconds, dict(statuses), dict(errors), latency, reused)


def summarize(runs: list[Run]) -> dict:
    """Median, min and max req/s of the runs; p50 and p99 of the median run; errors of all."""
    ordered = sorted(runs, key=lambda run: run.rps)
    middle = ordered[len(ordered) // 2]
    return {
        "rps_median": round(statistics.median(run.rps for run in runs), 1),
        "rps_min": round(ordered[0].rps, 1),
        "rps_max": round(ordered[-1].rps, 1),
        "p50_ms": round(middle.latency_us["p50"] / 1000, 2),
        "p99_ms": round(middle.latency_us["p99"] / 1000, 2),
        "errors": sum(run.errors for run in runs),
    }
