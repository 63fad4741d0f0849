"""Read marks, written and then told to the person's open pages (on every process), whose
sidebars clear the room's news. Those from this process's sockets are written together:
however many tabs in view report what they have read, the database sees one transaction a
second."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from tortoise.transactions import in_transaction

from backchat.realtime.broker import Broker
from backchat.realtime.envelopes import ReadEnvelope, publish_to_user
from backchat.unread import mark_read

log = logging.getLogger(__name__)
#: How long a read mark may wait to be written with the others.
FLUSH_SECONDS = 1.0


class ReadMarks:
    """The positions people have read rooms to, written at most every `FLUSH_SECONDS`."""

    def __init__(self, broker: Broker, flush_seconds: float = FLUSH_SECONDS) -> None:
        self._broker = broker
        self._flush_seconds = flush_seconds
        self._due: dict[tuple[int, int], int] = {}
        self._flushing: asyncio.Task[None] | None = None

    def read(self, user_id: int, room_id: int, position: int) -> None:
        """The person has read the room up to `position` (written soon; never moves back)."""
        key = (user_id, room_id)
        self._due[key] = max(self._due.get(key, 0), position)
        if self._flushing is None:
            self._flushing = asyncio.create_task(self._flush_soon())

    async def read_now(self, user_id: int, room_id: int, position: int) -> None:
        """The person has read the room up to `position` (a page that shows it all): written
        at once."""
        if await mark_read(user_id, room_id, position):
            await self._tell(user_id, room_id, position)

    async def _tell(self, user_id: int, room_id: int, position: int) -> None:
        await publish_to_user(self._broker, user_id, ReadEnvelope(room_id, position))

    async def _flush_soon(self) -> None:
        try:
            await asyncio.sleep(self._flush_seconds)
            await self.flush()
        finally:
            self._flushing = None
        if self._due:  # noted while the flush ran
            self._flushing = asyncio.create_task(self._flush_soon())

    async def flush(self) -> None:
        """Write every mark waiting, in one transaction (a failure loses only read marks)."""
        due, self._due = self._due, {}
        if not due:
            return
        try:
            async with in_transaction():
                moved = [key for key, position in due.items() if await mark_read(*key, position)]
        except Exception:
            log.exception("writing %d read marks failed", len(due))
            return
        for user_id, room_id in moved:
            await self._tell(user_id, room_id, due[user_id, room_id])

    async def stop(self) -> None:
        """Write what is waiting now."""
        if self._flushing is not None:
            self._flushing.cancel()
            with suppress(asyncio.CancelledError):
                await self._flushing
        await self.flush()
