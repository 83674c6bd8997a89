"""Steady request load on the host from a few client threads, every request timed and recorded,
so a fault case can say exactly which requests failed and when."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

from client import Client


@dataclass(frozen=True)
class Outcome:
    started: float  # time.monotonic() (the host shares the controller's clock)
    finished: float
    status: int  # 0: the connection failed or broke
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200


class Load:
    """CLIENTS threads each sending GET PATH back to back until stopped (bounded by max_seconds)."""

    def __init__(
        self, address: str, token: str, path: str, clients: int = 4, max_seconds: float = 60.0
    ) -> None:
        self.address, self.token, self.path = address, token, path
        self.clients, self.max_seconds = clients, max_seconds
        self.outcomes: list[Outcome] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> Load:
        for _ in range(self.clients):
            thread = threading.Thread(target=self._run, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _run(self) -> None:
        client = Client(self.address, token=self.token, timeout=20)
        deadline = time.monotonic() + self.max_seconds
        while not self._stop.is_set() and time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status, error = client.request("GET", self.path).status, ""
            except OSError as failure:
                status, error = 0, f"{type(failure).__name__}: {failure}"
                client.close()
            with self._lock:
                self.outcomes.append(Outcome(started, time.monotonic(), status, error))
            if status != 200:
                time.sleep(0.05)  # a failing server is not hammered
        client.close()

    def failures(self, *, started_after: float = 0.0) -> list[Outcome]:
        with self._lock:
            return [o for o in self.outcomes if o.started >= started_after and not o.ok]

    def count(self, *, started_after: float = 0.0) -> int:
        with self._lock:
            return sum(1 for o in self.outcomes if o.started >= started_after)

    def wait_for(self, requests: int, timeout: float = 30.0) -> None:
        """Until at least REQUESTS more requests have finished (the load is really running)."""
        target = len(self.outcomes) + requests
        deadline = time.monotonic() + timeout
        while len(self.outcomes) < target:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"load stalled: {len(self.outcomes)} of {target} requests done"
                )
            time.sleep(0.05)


def describe(outcomes: list[Outcome], limit: int = 5) -> str:
    return ", ".join(f"{o.status or o.error}" for o in outcomes[:limit]) + (
        f" (+{len(outcomes) - limit} more)" if len(outcomes) > limit else ""
    )


def statuses(outcomes: list[Outcome]) -> str:
    """How many outcomes had each status, e.g. "500 x12, connection failed x1"."""
    counts = Counter(o.status or "connection failed" for o in outcomes)
    return ", ".join(f"{status} x{count}" for status, count in counts.most_common()) or "none"


def burst(address: str, token: str, path: str, parallel: int) -> list[int]:
    """PARALLEL requests at once, each on its own connection; their statuses."""
    statuses: list[int] = [0] * parallel

    def one(index: int) -> None:
        client = Client(address, token=token, timeout=10)
        try:
            statuses[index] = client.request("GET", path).status
        except OSError:
            statuses[index] = 0
        finally:
            client.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses
