"""Limits shared by every process through Redis, each decision one atomic Lua script; while
Redis is unavailable each process falls back to its own in-memory limits."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, TypeVar

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from backchat.limits.memory import BackoffPolicy, MemoryBackoff, MemoryTokenBucket

log = logging.getLogger(__name__)
T = TypeVar("T")
#: After a failure, limits stay in memory this long before Redis is tried again.
RETRY_SECONDS = 2.0
TIMEOUT_SECONDS = 1.0
KEY_PREFIX = "backchat:limit"

# Both scripts read the clock of Redis, so every process and machine agrees on it.
_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n"
TAKE_TOKENS = (
    _NOW
    + """
local interval, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local waits = {}
for i, key in ipairs(KEYS) do
  local tat = math.max(tonumber(redis.call('GET', key) or now) or now, now)
  local wait = (tat - now) - (burst - 1) * interval
  if wait > 0 then
    waits[i] = string.format('%.6f', wait)
  else
    redis.call('SET', key, string.format('%.6f', tat + interval),
               'PX', math.ceil((tat + interval - now) * 1000))
    waits[i] = ''
  end
end
return waits
"""
)
BACKOFF = (
    _NOW
    + """
local allowed, window, cap = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local function delay(count)
  if count < allowed then return 0 end
  return math.min(cap, window / allowed * 2 ^ math.min(count - allowed, 32))
end
local stored = redis.call('HMGET', KEYS[1], 'count', 'last')
local count, last = tonumber(stored[1]) or 0, tonumber(stored[2]) or now
if ARGV[1] == 'forgive' then
  if count > 0 then redis.call('HSET', KEYS[1], 'count', count - 1) end
  return false
end
local wait = last + delay(count) - now
if count > 0 and wait > 0 then return string.format('%.6f', wait) end
redis.call('HSET', KEYS[1], 'count', count + 1, 'last', string.format('%.6f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((delay(count + 1) + window) * 1000))
return false
"""
)


class RedisLimitStore:
    """One Redis client of the limits' own, and the memory fallback's on/off switch."""

    def __init__(self, url: str, retry_seconds: float = RETRY_SECONDS) -> None:
        self.retry_seconds = retry_seconds
        # No retries: a limit that cannot ask Redis at once decides from memory instead.
        self.redis = Redis.from_url(
            url,
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )
        self.take_tokens = self.redis.register_script(TAKE_TOKENS)
        self.backoff = self.redis.register_script(BACKOFF)
        self._down_until = 0.0
        self.available = True

    async def stop(self) -> None:
        await self.redis.aclose()

    async def run(
        self, script: AsyncScript, keys: list[str], args: list[str], fallback: Callable[[], T]
    ) -> T | Any:
        """The script's answer, else (Redis unavailable) the fallback's."""
        if not self.available and time.monotonic() < self._down_until:
            return fallback()
        try:
            answer = await script(keys=keys, args=args)
        except (RedisError, OSError) as exc:
            if self.available:
                log.warning("limits are per process while Redis is unavailable: %s", exc)
            self.available = False
            self._down_until = time.monotonic() + self.retry_seconds
            return fallback()
        if not self.available:
            log.info("limits are shared through Redis again")
            self.available = True
        return answer

    def key(self, name: str, key: str | int) -> str:
        return f"{KEY_PREFIX}:{name}:{key}"


class RedisTokenBucket:
    """`burst` takes at once per key, refilled at `per_second`, shared by every process."""

    def __init__(self, store: RedisLimitStore, name: str, burst: int, per_second: float) -> None:
        self.store = store
        self.name = name
        self.args = [repr(1 / per_second), str(burst)]
        self.fallback = MemoryTokenBucket(name, burst, per_second)

    async def take(self, key: str | int) -> float | None:
        """None when `key` may go ahead, else the seconds it must wait."""
        (wait,) = await self.take_each([key])
        return wait

    async def take_each(self, keys: Sequence[str | int]) -> list[float | None]:
        """One token for each key in turn (a key may repeat), in one round trip."""
        waits = await self.store.run(
            self.store.take_tokens,
            [self.store.key(self.name, key) for key in keys],
            self.args,
            lambda: self.fallback.take_each_now(keys),
        )
        return [float(w) if w else None for w in waits]


class RedisBackoff:
    """Counts attempts per key across every process; see `MemoryBackoff`."""

    def __init__(self, store: RedisLimitStore, name: str, policy: BackoffPolicy) -> None:
        self.store = store
        self.name = name
        self.policy = policy
        self.args = [repr(float(x)) for x in (policy.allowed, policy.window, policy.cap)]
        self.fallback = MemoryBackoff(name, policy)

    async def attempt(self, key: str) -> float | None:
        """Count an attempt and return None, or return the seconds to wait (not counted)."""
        answer = await self.store.run(
            self.store.backoff,
            [self.store.key(self.name, key)],
            ["attempt", *self.args],
            lambda: self.fallback.attempt_now(key),
        )
        return float(answer) if answer is not None else None

    async def forgive(self, key: str) -> None:
        """Take back one counted attempt (it turned out well)."""
        await self.store.run(
            self.store.backoff,
            [self.store.key(self.name, key)],
            ["forgive", *self.args],
            lambda: self.fallback.forgive_now(key),
        )

    async def reset(self, key: str) -> None:
        """Forget every attempt of `key`."""
        with suppress(RedisError, OSError):
            await self.store.redis.delete(self.store.key(self.name, key))
        await self.fallback.reset(key)
