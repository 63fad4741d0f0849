"""Publish/subscribe between processes: one small interface, chosen by URL.

The in-process broker is the default; `REDIS_URL` selects Redis pub/sub. Nothing else in
backchat knows which one runs.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Final


class _Resync:
    def __repr__(self) -> str:
        return "RESYNC"


#: Delivered to a subscription that may have missed payloads (its queue overflowed, or the
#: broker reconnected): the subscriber should catch up from the database.
RESYNC: Final = _Resync()

Payload = bytes | _Resync


class BrokerUnavailable(Exception):
    """The broker cannot publish right now (Redis is down); local subscribers still got it."""


class Subscription:
    """One local subscriber's bounded queue of payloads from one channel."""

    def __init__(self, channel: str, max_queued: int) -> None:
        self.channel = channel
        self._queue: asyncio.Queue[Payload] = asyncio.Queue(max_queued)

    def deliver(self, payload: Payload) -> None:
        """Queue a payload without waiting; when full, drop the backlog and ask to resync."""
        try:
            self._queue.put_nowait(payload)
        except asyncio.QueueFull:
            while not self._queue.empty():
                self._queue.get_nowait()
            self._queue.put_nowait(RESYNC)

    async def get(self) -> Payload:
        """The next payload (or `RESYNC`)."""
        return await self._queue.get()


class Inbox:
    """One bounded queue of the payloads of many channels, each with its channel: for a
    consumer that follows many channels at once (sidebars) with one task, not one each."""

    def __init__(self, max_queued: int) -> None:
        self._queue: asyncio.Queue[tuple[str | None, Payload]] = asyncio.Queue(max_queued)

    def subscription(self, channel: str) -> Subscription:
        """What the broker delivers one channel's payloads to."""
        return _InboxSubscription(channel, self)

    def deliver(self, channel: str, payload: Payload) -> None:
        """Queue a channel's payload; when full, drop the backlog and say so (channel None:
        every channel may have missed payloads)."""
        try:
            self._queue.put_nowait((channel, payload))
        except asyncio.QueueFull:
            while not self._queue.empty():
                self._queue.get_nowait()
            self._queue.put_nowait((None, RESYNC))

    async def get(self) -> tuple[str | None, Payload]:
        """The next payload and its channel."""
        return await self._queue.get()


class _InboxSubscription(Subscription):
    """A channel's subscription that queues into an inbox shared with other channels."""

    def __init__(self, channel: str, inbox: Inbox) -> None:  # no queue of its own
        self.channel = channel
        self._inbox = inbox

    def deliver(self, payload: Payload) -> None:
        self._inbox.deliver(self.channel, payload)

    async def get(self) -> Payload:
        raise TypeError("read the inbox")


class Broker(ABC):
    """Publish bytes to a channel; subscribe local consumers to channels."""

    #: False while payloads cannot reach other processes (live delivery is paused).
    available: bool = True

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Connect; called once when the app starts serving."""

    async def stop(self) -> None:  # noqa: B027 - optional hook
        """Disconnect; called once when the app stops."""

    async def answers(self) -> bool:
        """Whether the broker answers now (for `/healthz`); an in-process one always does."""
        return True

    @abstractmethod
    async def publish(self, channel: str, payload: bytes) -> None:
        """Send `payload` to every subscriber of `channel` in every process.

        Raises `BrokerUnavailable` when only this process's subscribers could be reached.
        """

    @abstractmethod
    def subscribe(
        self, channel: str, subscription: Subscription | None = None
    ) -> AbstractAsyncContextManager[Subscription]:
        """Receive `channel`'s payloads for the length of an `async with` block (in a
        subscription of its own, or into the one given: an inbox's)."""


def room_channel(room_id: int) -> str:
    """The channel that carries one room's messages and presence."""
    return f"backchat:room:{room_id}"


def user_channel(user_id: int) -> str:
    """The channel that carries news for one person's open pages (read marks, rooms joined)."""
    return f"backchat:user:{user_id}"


def closes_channel() -> str:
    """The channel that names sockets to close: of ended login sessions, or over a cap."""
    return "backchat:closes"


def make_broker(redis_url: str | None, instance_path: Path, max_queued: int) -> Broker:
    """Redis pub/sub when `redis_url` is set, else the in-process broker."""
    if redis_url:
        from backchat.realtime.broker.redis import RedisBroker

        return RedisBroker(redis_url, max_queued)
    from backchat.realtime.broker.memory import MemoryBroker

    return MemoryBroker(instance_path, max_queued)
