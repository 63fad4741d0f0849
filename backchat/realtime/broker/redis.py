"""Redis pub/sub: one subscriber connection per process, shared by all its websockets."""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractAsyncContextManager, suppress

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from backchat.metrics import BROKER_RECONNECTS
from backchat.realtime.broker import RESYNC, Broker, BrokerUnavailable, Subscription
from backchat.realtime.broker.local import LocalSubscribers

log = logging.getLogger(__name__)

#: Always subscribed, so the shared connection exists even with no room open.
CONTROL_CHANNEL = "backchat:control"
MIN_BACKOFF = 0.1
MAX_BACKOFF = 5.0


class RedisBroker(Broker):
    """Publishes through a connection pool; receives on one pub/sub connection, reconnecting
    with backoff and telling every subscriber to resync after an outage."""

    def __init__(self, url: str, max_queued: int) -> None:
        self.redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        # The listening connection never retries by itself: redis-py would reconnect and
        # resubscribe silently, and what was published meanwhile would be missed with no
        # RESYNC. Every failure reaches `_listen_forever`, which reconnects and says so.
        self._listener = Redis.from_url(
            url,
            socket_timeout=2,  # for connecting and subscribing; the wait for messages is not cut
            socket_connect_timeout=2,
            socket_keepalive=True,
            retry=Retry(NoBackoff(), 0),
        )
        self._local = LocalSubscribers(max_queued, self._subscribe_upstream, self._unsubscribe)
        self._pubsub: PubSub | None = None
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self.available = False

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen_forever(), name="redis-broker")
        # Start serving even when Redis is down: messages are saved and delivered locally.
        with suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), timeout=2)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
        await self.redis.aclose()
        await self._listener.aclose()

    async def answers(self) -> bool:
        """Redis answers a PING, and this process listens on it."""
        try:
            return bool(await self.redis.ping()) and self.available
        except (RedisError, OSError):
            return False

    async def publish(self, channel: str, payload: bytes) -> None:
        try:
            await self.redis.publish(channel, payload)
        except (RedisError, OSError) as exc:
            self._local.dispatch(channel, payload)
            raise BrokerUnavailable(str(exc)) from exc

    def subscribe(
        self, channel: str, subscription: Subscription | None = None
    ) -> AbstractAsyncContextManager[Subscription]:
        return self._local.subscribe(channel, subscription)

    async def _subscribe_upstream(self, channel: str) -> None:
        if self._pubsub is not None and self.available:
            with suppress(Exception):  # a broken connection: the listener reconnects, resubscribes
                await self._pubsub.subscribe(channel)

    async def _unsubscribe(self, channel: str) -> None:
        if self._pubsub is not None and self.available:
            with suppress(Exception):  # likewise; a stray subscription only costs bandwidth
                await self._pubsub.unsubscribe(channel)

    async def _listen_forever(self) -> None:
        backoff = MIN_BACKOFF
        first = True
        while True:
            pubsub = self._listener.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(CONTROL_CHANNEL, *self._local.channels)
                self._pubsub, self.available = pubsub, True
                self._connected.set()
                if not first:
                    log.warning("Redis is back: live delivery resumed")
                    BROKER_RECONNECTS.inc()
                    self._local.dispatch_all(RESYNC)
                first, backoff = False, MIN_BACKOFF
                async for message in pubsub.listen():
                    if message["type"] == "message":
                        self._local.dispatch(message["channel"].decode(), message["data"])
            except Exception as exc:  # whatever the connection raised, it is over: reconnect
                if self.available or first:
                    expected = isinstance(exc, (RedisError, OSError))
                    log.warning(
                        "Redis unavailable (%s): live delivery paused", exc, exc_info=not expected
                    )
                self.available = False
                first = False
            finally:
                self._pubsub = None
                with suppress(Exception):
                    await pubsub.aclose()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
