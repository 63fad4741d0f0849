"""Where limits keep their counts: this process's memory, or Redis shared by every process."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from backchat.limits.memory import BackoffPolicy, MemoryBackoff, MemoryTokenBucket
from backchat.limits.redis import RedisBackoff, RedisLimitStore, RedisTokenBucket


class TokenBucket(Protocol):
    """`burst` takes at once per key, refilled at a steady rate."""

    async def take(self, key: str | int) -> float | None:
        """None when `key` may go ahead, else the seconds it must wait."""
        ...

    async def take_each(self, keys: Sequence[str | int]) -> list[float | None]:
        """`take` for each key in turn (a key may repeat), at once."""
        ...


class Backoff(Protocol):
    """Attempts counted per key; too many in a row make the key wait longer and longer."""

    async def attempt(self, key: str) -> float | None:
        """Count an attempt and return None, or return the seconds to wait (not counted)."""
        ...

    async def forgive(self, key: str) -> None:
        """Take back one counted attempt."""
        ...

    async def reset(self, key: str) -> None:
        """Forget every attempt of `key`."""
        ...


async def attempt_each(counts: Sequence[tuple[Backoff, str]]) -> float | None:
    """Count an attempt in each (backoff, key) in turn: None when every one allows it, else
    the seconds to wait, with the attempts counted before the refusal taken back."""
    counted: list[tuple[Backoff, str]] = []
    for backoff, key in counts:
        wait = await backoff.attempt(key)
        if wait is not None:
            for earlier, earlier_key in counted:
                await earlier.forgive(earlier_key)
            return wait
        counted.append((backoff, key))
    return None


class LimitStore:
    """Makes limiters kept in memory, or in Redis when `redis_url` is given (with its own
    client, so limits do not wait behind the broker's traffic)."""

    def __init__(self, redis_url: str | None = None) -> None:
        self.redis = RedisLimitStore(redis_url) if redis_url else None

    def token_bucket(self, name: str, burst: int, per_second: float) -> TokenBucket:
        """A token bucket called `name` (its keys are its own)."""
        if self.redis is None:
            return MemoryTokenBucket(name, burst, per_second)
        return RedisTokenBucket(self.redis, name, burst, per_second)

    def backoff(self, name: str, policy: BackoffPolicy) -> Backoff:
        """A backoff counter called `name`."""
        if self.redis is None:
            return MemoryBackoff(name, policy)
        return RedisBackoff(self.redis, name, policy)

    async def stop(self) -> None:
        """Close the Redis client, if any."""
        if self.redis is not None:
            await self.redis.stop()
