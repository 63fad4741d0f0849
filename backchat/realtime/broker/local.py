"""Fan-out to this process's subscriptions: shared by both brokers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from backchat.realtime.broker import Payload, Subscription

ChannelHook = Callable[[str], Awaitable[None]]


class LocalSubscribers:
    """Subscriptions by channel; hooks run when a channel gains its first or loses its last."""

    def __init__(self, max_queued: int, on_first: ChannelHook, on_last: ChannelHook) -> None:
        self._by_channel: dict[str, set[Subscription]] = {}
        self._max_queued = max_queued
        self._on_first = on_first
        self._on_last = on_last

    @property
    def channels(self) -> list[str]:
        """Channels with at least one local subscriber."""
        return list(self._by_channel)

    def dispatch(self, channel: str, payload: Payload) -> None:
        """Hand a payload to every local subscriber of `channel`."""
        for subscription in self._by_channel.get(channel, ()):
            subscription.deliver(payload)

    def dispatch_all(self, payload: Payload) -> None:
        """Hand a payload to every local subscriber of every channel."""
        for channel in self.channels:
            self.dispatch(channel, payload)

    @asynccontextmanager
    async def subscribe(
        self, channel: str, subscription: Subscription | None = None
    ) -> AsyncIterator[Subscription]:
        """A subscription to `channel` (a new one, or that given) for the length of the block."""
        subscription = subscription or Subscription(channel, self._max_queued)
        subscribers = self._by_channel.setdefault(channel, set())
        subscribers.add(subscription)
        try:
            if len(subscribers) == 1:
                await self._on_first(channel)
            yield subscription
        finally:
            subscribers.discard(subscription)
            if not subscribers:
                del self._by_channel[channel]
                await self._on_last(channel)
