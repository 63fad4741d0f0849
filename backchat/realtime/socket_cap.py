"""`MAX_SOCKETS_PER_USER` across every process: with Redis, each person's open sockets are a
sorted set by opening time, and opening one more names the oldest to close, wherever they are.

A crashed process's sockets stay in the set until they are the oldest and are named (to nobody)
or the set expires: they can only make someone's sockets close no sooner than without them.
While Redis is unreachable the cap holds per process only.
"""

from __future__ import annotations

import logging
import time
from contextlib import suppress

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
#: A person's set expires this long after their latest socket opened.
KEY_TTL_SECONDS = 24 * 3600
OPEN_AND_TRIM = """
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if over <= 0 then return {} end
local oldest = redis.call('ZRANGE', KEYS[1], 0, over - 1)
redis.call('ZREM', KEYS[1], unpack(oldest))
return oldest
"""


class SocketCap:
    """Counts a person's open sockets on every process (in Redis)."""

    def __init__(self, redis_url: str, max_per_user: int) -> None:
        self._redis = Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1)
        self._open_and_trim = self._redis.register_script(OPEN_AND_TRIM)
        self._max_per_user = max_per_user

    async def opened(self, user_id: int, socket_id: str) -> list[str]:
        """Count a newly opened socket; the person's oldest sockets, anywhere, over the cap."""
        try:
            args = [socket_id, time.time(), self._max_per_user, KEY_TTL_SECONDS]
            oldest = await self._open_and_trim(keys=[self._key(user_id)], args=args)
        except (RedisError, OSError) as exc:  # the per-process cap still holds
            log.warning("socket cap per process only while Redis is unavailable: %s", exc)
            return []
        return [socket_id.decode() for socket_id in oldest]

    async def closed(self, user_id: int, socket_id: str) -> None:
        """Forget a closed socket (if Redis is down, it is named as one of the oldest later, or
        expires)."""
        with suppress(RedisError, OSError):
            await self._redis.zrem(self._key(user_id), socket_id)

    async def stop(self) -> None:
        await self._redis.aclose()

    @staticmethod
    def _key(user_id: int) -> str:
        return f"backchat:sockets:{user_id}"
