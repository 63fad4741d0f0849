"""Who is here: open tabs counted per user and room, across every process.

Presence is not membership: closing the last tab makes a user absent, never a non-member.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections import Counter

from redis.asyncio import Redis

#: A crashed process's tabs vanish this long after its last refresh.
PRESENCE_TTL_SECONDS = 45
REFRESH_SECONDS = 15


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

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Begin any periodic work."""

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

    def __init__(self, redis: Redis) -> None:
        super().__init__()
        self.redis = redis
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
                pipe.expire(key, PRESENCE_TTL_SECONDS)
                pipe.sadd(f"presence:{room_id}", self.process_id)
                pipe.expire(f"presence:{room_id}", PRESENCE_TTL_SECONDS)
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

    async def refresh(self) -> None:
        """Renew the expiry of this process's entries."""
        for room_id in list(self.local):
            await self.sync(room_id)

    async def stop(self) -> None:
        rooms = list(self.local)
        self.local.clear()
        for room_id in rooms:
            await self.sync(room_id)


def make_presence(redis: Redis | None) -> Presence:
    """Presence in Redis when the broker uses it, else in memory."""
    return RedisPresence(redis) if redis is not None else MemoryPresence()
