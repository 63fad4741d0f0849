"""Per-process limits: the token bucket and backoff arithmetic, and in-memory stores of it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Clock = Callable[[], float]
V = TypeVar("V")
#: An expired entry is swept once the table has grown past this since the last sweep.
SWEEP_AFTER = 1024


def take_token(tat: float, now: float, interval: float, burst: int) -> tuple[float, float | None]:
    """One token from a bucket (GCRA): (new theoretical arrival time, None) when allowed,
    else (the unchanged time, seconds until a token is there)."""
    tat = max(tat, now)
    wait = (tat - now) - (burst - 1) * interval  # exactly 0 for a fresh key, never 1e-13
    if wait > 0:
        return tat, wait
    return tat + interval, None


@dataclass(frozen=True)
class BackoffPolicy:
    """`allowed` attempts in a row, then a delay that doubles with each further one (at most
    `cap` seconds); a key quiet for `window` seconds after its delay starts again at zero."""

    allowed: int
    window: float
    cap: float

    def delay(self, count: int) -> float:
        """Seconds a key must wait after its latest attempt once it has made `count`."""
        if count < self.allowed:
            return 0.0
        doublings = min(count - self.allowed, 32)
        return min(self.cap, self.window / self.allowed * 2**doublings)

    def lifetime(self, count: int) -> float:
        """Seconds after the latest attempt that a key's count is kept."""
        return self.delay(count) + self.window


class _Table(Generic[V]):
    """Entries that expire, swept now and then so the table stays as small as its live keys."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._entries: dict[str, tuple[float, V]] = {}
        self._sweep_at = SWEEP_AFTER

    def get(self, key: str) -> V | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= self.clock():
            return None
        return entry[1]

    def put(self, key: str, value: V, lifetime: float) -> None:
        self._entries[key] = (self.clock() + lifetime, value)
        if len(self._entries) >= self._sweep_at:
            now = self.clock()
            self._entries = {k: e for k, e in self._entries.items() if e[0] > now}
            self._sweep_at = 2 * len(self._entries) + SWEEP_AFTER

    def delete(self, key: str) -> None:
        self._entries.pop(key, None)


class MemoryTokenBucket:
    """`burst` takes at once per key, refilled at `per_second`, in this process only."""

    def __init__(self, name: str, burst: int, per_second: float, clock: Clock = time.monotonic):
        self.name = name
        self.burst = burst
        self.interval = 1 / per_second
        self._table: _Table[float] = _Table(clock)

    async def take(self, key: str | int) -> float | None:
        """None when `key` may go ahead, else the seconds it must wait."""
        return self.take_now(str(key))

    async def take_each(self, keys: Sequence[str | int]) -> list[float | None]:
        """One token for each key in turn (a key may repeat)."""
        return self.take_each_now(keys)

    def take_each_now(self, keys: Sequence[str | int]) -> list[float | None]:
        """`take_each` without awaiting (the Redis bucket's fallback)."""
        return [self.take_now(str(key)) for key in keys]

    def take_now(self, key: str) -> float | None:
        """`take` for one key, without awaiting."""
        now = self._table.clock()
        stored = self._table.get(key)
        tat, wait = take_token(stored or now, now, self.interval, self.burst)
        if wait is None:
            self._table.put(key, tat, tat - now)
        return wait


class MemoryBackoff:
    """Counts attempts per key and makes the key wait once it has made too many, in this
    process only."""

    def __init__(self, name: str, policy: BackoffPolicy, clock: Clock = time.monotonic) -> None:
        self.name = name
        self.policy = policy
        self._table: _Table[tuple[int, float]] = _Table(clock)

    async def attempt(self, key: str) -> float | None:
        """Count an attempt and return None, or return the seconds to wait (not counted)."""
        return self.attempt_now(key)

    async def forgive(self, key: str) -> None:
        """Take back one counted attempt (it turned out well)."""
        self.forgive_now(key)

    async def reset(self, key: str) -> None:
        """Forget every attempt of `key`."""
        self._table.delete(key)

    def attempt_now(self, key: str) -> float | None:
        """`attempt` without awaiting."""
        now = self._table.clock()
        count, last = self._table.get(key) or (0, now)
        wait = last + self.policy.delay(count) - now
        if count and wait > 0:
            return wait
        count += 1
        self._table.put(key, (count, now), self.policy.lifetime(count))
        return None

    def forgive_now(self, key: str) -> None:
        """`forgive` without awaiting."""
        stored = self._table.get(key)
        if stored and stored[0] > 0:
            count, last = stored
            lifetime = last + self.policy.lifetime(count - 1) - self._table.clock()
            self._table.put(key, (count - 1, last), max(lifetime, 0.001))
