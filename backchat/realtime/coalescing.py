"""Changes per room, handed on at most a few times a second however many arrive.

A reconnect storm brings thousands of arrivals in a second; each room's changes are collected
and flushed together, so the cost of telling everyone does not grow with the crowd. A flush
reaches every tab in the room, so in a crowded room flushes are spaced further apart: their
sends per second stay about the same in a room of 500 or of 5,000.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

log = logging.getLogger(__name__)

#: The shortest time between two flushes of one room, and the longest.
FLUSH_INTERVAL_SECONDS = 0.25
MAX_FLUSH_INTERVAL_SECONDS = 2.0
#: Flushes of a room with more tabs than this are spaced so that they cost about this many
#: sends a second.
SENDS_PER_SECOND = 2000

Flush = Callable[[int, set[str]], Awaitable[None]]


def spacing(room_size: int, shortest: float = FLUSH_INTERVAL_SECONDS) -> float:
    """How long a room of `room_size` tabs here waits between two flushes."""
    return min(MAX_FLUSH_INTERVAL_SECONDS, max(shortest, room_size / SENDS_PER_SECOND))


class Coalescer:
    """Collects keys (usernames) per room; the first change of a quiet room is flushed at once,
    later ones together, at most once every `interval` seconds per room, or longer where
    `room_size` (the room's tabs on this process) is large."""

    def __init__(
        self,
        flush: Flush,
        interval: float = FLUSH_INTERVAL_SECONDS,
        room_size: Callable[[int], int] | None = None,
    ) -> None:
        self._flush = flush
        self._interval = interval
        self._room_size = room_size
        self._pending: dict[int, set[str]] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}

    def mark(self, room_id: int, key: str) -> None:
        """Note that `key` changed in the room; it is flushed soon."""
        self._pending.setdefault(room_id, set()).add(key)
        if room_id not in self._tasks:
            self._tasks[room_id] = asyncio.create_task(self._run(room_id))

    async def _run(self, room_id: int) -> None:
        try:
            while keys := self._pending.pop(room_id, None):
                try:
                    await self._flush(room_id, keys)
                except Exception:  # one failed flush must not stop the room's later ones
                    log.exception("flushing changes of room %s failed", room_id)
                await asyncio.sleep(self.interval(room_id))
        finally:
            self._tasks.pop(room_id, None)

    def interval(self, room_id: int) -> float:
        """How long the room waits after a flush before the next one."""
        if self._room_size is None:
            return self._interval
        return spacing(self._room_size(room_id), self._interval)

    async def stop(self) -> None:
        """End every flush, then flush once what is still pending (best effort)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task
        pending, self._pending = self._pending, {}
        for room_id, keys in pending.items():
            try:
                await self._flush(room_id, keys)
            except Exception:  # shutting down: what is not said expires
                log.warning("changes of room %s not flushed at shutdown", room_id)
