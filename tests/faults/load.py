"""A steady load on a live server: voting threads and a reader, every answer recorded.

Each voter thread sends one vote at a time at a fixed pace, each from a new browser (no
cookie), so every vote is a new voter; a 201 names its voter by the cookie it sets. The reader
alternates `GET /api/health` and the poll's results. Every request has its own connection and
a timeout; the load is bounded both in time (`stop`) and in count (`max_requests`).
"""

import random
import threading
import time
from dataclasses import dataclass

from tests.live_server import REQUEST_TIMEOUT, Reply, call


@dataclass(frozen=True)
class Vote:
    thread: int
    choice_id: int
    reply: Reply


class Load:
    """`voters` threads voting in one poll, and one reader, until `stop` or `max_requests`
    per thread. Start it with `start`; `votes` and `reads` hold every answer."""

    def __init__(
        self,
        port: int,
        poll_id: str,
        choice_ids: list[int],
        *,
        voters: int = 4,
        interval: float = 0.05,
        max_requests: int = 400,
        seed: int = 20240601,
    ) -> None:
        self.port, self.poll_id, self.choice_ids = port, poll_id, choice_ids
        self.interval, self.max_requests = interval, max_requests
        self.votes: list[Vote] = []
        self.reads: list[Reply] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._rngs = [random.Random(seed + n) for n in range(voters)]
        self._threads = [
            threading.Thread(target=self._vote, args=(n,), name=f"voter-{n}", daemon=True)
            for n in range(voters)
        ]
        self._threads.append(threading.Thread(target=self._read, name="reader", daemon=True))

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop sending and wait for the requests in flight (each has its timeout)."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        assert not any(thread.is_alive() for thread in self._threads), "a load thread hangs"

    def _paced(self, phase: float = 0.0):
        """Yield once per `interval` (never more than `max_requests` times) until stopped,
        the first time after `phase` of an interval, so that threads take turns."""
        next_at = time.monotonic() + phase * self.interval
        self._stopping.wait(phase * self.interval)
        for n in range(self.max_requests):
            if self._stopping.is_set():
                return
            yield n
            next_at += self.interval
            self._stopping.wait(max(0.0, next_at - time.monotonic()))

    def _vote(self, thread: int) -> None:
        rng, path = self._rngs[thread], f"/api/polls/{self.poll_id}/votes"
        for _ in self._paced(thread / len(self._rngs)):
            choice_id = rng.choice(self.choice_ids)
            reply = call(self.port, "POST", path, {"choices": [choice_id]})
            with self._lock:
                self.votes.append(Vote(thread, choice_id, reply))

    def _read(self) -> None:
        paths = ["/api/health", f"/api/polls/{self.poll_id}/results"]
        for n in self._paced():
            reply = call(self.port, "GET", paths[n % 2])
            with self._lock:
                self.reads.append(reply)
