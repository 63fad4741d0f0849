"""Who is here: open tabs counted per user and room, shared between processes.

Each process counts its own tabs (`local`) and records, per room, which users it has at least
one tab for: in memory for a single process, or in Redis as `presence:<room>:<process id>`
with an expiry that the process refreshes, so a crashed process's users vanish on their own.
Presence is not membership: closing the last tab makes a user absent, never a non-member.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence

from redis.asyncio import Redis


class Presence(ABC):
    """This process's tabs per (room, user), and who is here in a room on every process."""

    def __init__(self) -> None:
        self.local: dict[int, Counter[str]] = {}
        self.process_id = uuid.uuid4().hex

    def arrive(self, room_id: int, username: str) -> bool:
        """Count a new tab; True if it is the user's first in this room on this process."""
        counts = self.local.setdefault(room_id, Counter())
        counts[username] += 1
        return counts[username] == 1

    def depart(self, room_id: int, username: str) -> bool:
        """Count a closed tab; True if it was the user's last in this room on this process."""
        counts = self.local.get(room_id, Counter())
        counts[username] -= 1
        if counts[username] > 0:
            return False
        del counts[username]
        if not counts:
            self.local.pop(room_id, None)
        return True

    def is_here(self, room_id: int, username: str) -> bool:
        """True while the user has a tab in the room on this process."""
        return username in self.local.get(room_id, ())

    def tabs_here(self, room_id: int) -> int:
        """How many tabs this process has open in the room."""
        return self.local[room_id].total() if room_id in self.local else 0

    async def stop(self) -> None:  # noqa: B027 - optional hook
        """Forget this process's tabs everywhere."""

    async def refresh(self, room_id: int) -> None:  # noqa: B027 - optional hook
        """Renew this process's record for a room (it expires otherwise)."""

    @abstractmethod
    async def record(self, room_id: int, arrived: Sequence[str], departed: Sequence[str]) -> None:
        """Record that users arrived in or left a room on this process (before saying so)."""

    @abstractmethod
    async def by_process(self, room_id: int) -> dict[str, set[str]]:
        """Who is here in the room, per process id (this process included)."""

    async def present(self, room_id: int) -> list[str]:
        """Everyone with at least one open tab in the room, on any process, sorted."""
        here = set().union(*(await self.by_process(room_id)).values())
        return sorted(here, key=str.lower)


class MemoryPresence(Presence):
    """Presence for a single process."""

    def __init__(self) -> None:
        super().__init__()
        self._recorded: dict[int, set[str]] = {}

    async def record(self, room_id: int, arrived: Sequence[str], departed: Sequence[str]) -> None:
        users = self._recorded.setdefault(room_id, set())
        users.update(arrived)
        users.difference_update(departed)
        if not users:
            del self._recorded[room_id]

    async def by_process(self, room_id: int) -> dict[str, set[str]]:
        users = self._recorded.get(room_id)
        return {self.process_id: set(users)} if users else {}


class RedisPresence(Presence):
    """Each process keeps `presence:<room>:<process>` (user -> its tabs there) with an expiry it
    refreshes, and lists its id in `presence:<room>`; a crashed process's entries expire."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        super().__init__()
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    def _key(self, room_id: int, process_id: str) -> str:
        return f"presence:{room_id}:{process_id}"

    async def record(self, room_id: int, arrived: Sequence[str], departed: Sequence[str]) -> None:
        key, processes = self._key(room_id, self.process_id), f"presence:{room_id}"
        async with self.redis.pipeline(transaction=True) as pipe:
            counts = self.local.get(room_id, {})
            if arrived:
                pipe.hset(key, mapping={user: counts.get(user, 1) for user in arrived})
            if departed:
                pipe.hdel(key, *departed)
            pipe.expire(key, self.ttl_seconds)
            pipe.sadd(processes, self.process_id)
            pipe.expire(processes, self.ttl_seconds)
            await pipe.execute()

    async def refresh(self, room_id: int) -> None:
        """Rewrite this process's record from its own counts (Redis may have restarted)."""
        key, processes = self._key(room_id, self.process_id), f"presence:{room_id}"
        counts = self.local.get(room_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            if counts:
                pipe.hset(key, mapping=dict(counts))
                pipe.expire(key, self.ttl_seconds)
                pipe.sadd(processes, self.process_id)
                pipe.expire(processes, self.ttl_seconds)
            await pipe.execute()

    async def by_process(self, room_id: int) -> dict[str, set[str]]:
        processes = [p.decode() for p in await self.redis.smembers(f"presence:{room_id}")]
        async with self.redis.pipeline(transaction=False) as pipe:
            for process_id in processes:
                pipe.hkeys(self._key(room_id, process_id))
            results = await pipe.execute()
        gone = [p for p, users in zip(processes, results, strict=True) if not users]
        if gone:
            await self.redis.srem(f"presence:{room_id}", *gone)
        return {
            process_id: {user.decode() for user in users}
            for process_id, users in zip(processes, results, strict=True)
            if users
        }

    async def stop(self) -> None:
        rooms = list(self.local)
        self.local.clear()
        try:
            for room_id in rooms:
                await self.refresh(room_id)
        finally:
            await self.redis.aclose()


def make_presence(redis_url: str | None, ttl_seconds: int) -> Presence:
    """Presence in Redis (with its own connection pool; entries of a crashed process expire
    after `ttl_seconds`) when `redis_url` is set, else in memory."""
    if not redis_url:
        return MemoryPresence()
    redis = Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
    return RedisPresence(redis, ttl_seconds)
