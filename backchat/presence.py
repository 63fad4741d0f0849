"""Who is here: open tabs counted per user and room, across every process.

Presence is not membership: closing the last tab makes a user absent, never a non-member.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections import Counter

from redis.asyncio import Redis


class Presence(ABC):
    """Counts this process's connections per (room, user) and answers who is present."""

    def __init__(self) -> None:
        self.local: dict[int, Counter[str]] = {}

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

    async def stop(self) -> None:  # noqa: B027 - optional hook
        """End periodic work and forget this process's tabs."""

    @abstractmethod
    async def sync(self, room_id: int) -> None:
        """Share this process's counts for a room with the other processes."""

    @abstractmethod
    async def present(self, room_id: int) -> list[str]:
        """Everyone with at least one open tab in the room, on any process, sorted."""


class MemoryPresence(Presence):
    """Presence for a single process."""

    async def sync(self, room_id: int) -> None:
        return None

    async def present(self, room_id: int) -> list[str]:
        return sorted(self.local.get(room_id, ()), key=str.lower)


class RedisPresence(Presence):
    """Each process keeps `presence:<room>:<process>` (user -> tabs) with an expiry it refreshes,
    and lists its process id in `presence:<room>`; a crashed process's entries expire."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        super().__init__()
        self.redis = redis
        self.ttl_seconds = ttl_seconds
        self.process_id = uuid.uuid4().hex

    def _key(self, room_id: int, process_id: str) -> str:
        return f"presence:{room_id}:{process_id}"

    async def sync(self, room_id: int) -> None:
        key = self._key(room_id, self.process_id)
        counts = self.local.get(room_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            if counts:
                pipe.hset(key, mapping=dict(counts))
                pipe.expire(key, self.ttl_seconds)
                pipe.sadd(f"presence:{room_id}", self.process_id)
                pipe.expire(f"presence:{room_id}", self.ttl_seconds)
            await pipe.execute()

    async def present(self, room_id: int) -> list[str]:
        processes = [p.decode() for p in await self.redis.smembers(f"presence:{room_id}")]
        async with self.redis.pipeline(transaction=False) as pipe:
            for process_id in processes:
                pipe.hkeys(self._key(room_id, process_id))
            results = await pipe.execute()
        gone = [p for p, users in zip(processes, results, strict=True) if not users]
        if gone:
            await self.redis.srem(f"presence:{room_id}", *gone)
        users = {user.decode() for result in results for user in result}
        return sorted(users, key=str.lower)

    async def stop(self) -> None:
        rooms = list(self.local)
        self.local.clear()
        for room_id in rooms:
            await self.sync(room_id)


def make_presence(redis: Redis | None, ttl_seconds: int) -> Presence:
    """Presence in Redis (entries of a crashed process expire after `ttl_seconds`) when the
    broker uses Redis, else in memory."""
    return RedisPresence(redis, ttl_seconds) if redis is not None else MemoryPresence()
