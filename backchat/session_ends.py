"""Ended login sessions close their open sockets on every process.

Logging out (or signing out everywhere) publishes the ended session ids on one channel that
every process follows. After a broker outage, when such news may have been missed, every
session with a socket here is checked against the database instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from contextlib import suppress

from backchat.accounts import live_sessions
from backchat.broker import RESYNC, Broker, BrokerUnavailable, sessions_channel
from backchat.envelopes import SessionsEndedEnvelope, decode, encode
from backchat.sockets import OpenSockets

log = logging.getLogger(__name__)
#: Close code for a socket whose login session has ended (CLARIFICATIONS 1).
SESSION_ENDED = 4401


class SessionEnds:
    """Publishes ended sessions and closes this process's sockets of sessions ended anywhere."""

    def __init__(self, broker: Broker, sockets: OpenSockets) -> None:
        self._broker = broker
        self._sockets = sockets
        self._task: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        """Follow the channel (returns once subscribed)."""
        self._task = asyncio.create_task(self._follow(), name="session-ends")
        await self._subscribed.wait()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def publish(self, session_ids: Sequence[str]) -> None:
        """Tell every process that these sessions ended (this one hears it even if the
        broker is down; the others check when it is back)."""
        if not session_ids:
            return
        payload = encode(SessionsEndedEnvelope(list(session_ids)))
        with suppress(BrokerUnavailable):
            await self._broker.publish(sessions_channel(), payload)

    async def _follow(self) -> None:
        async with self._broker.subscribe(sessions_channel()) as subscription:
            self._subscribed.set()
            while True:
                payload = await subscription.get()
                try:
                    if payload is RESYNC:
                        await self._close_ended_sessions()
                    else:
                        envelope = decode(payload)
                        if isinstance(envelope, SessionsEndedEnvelope):
                            await self._close(envelope.session_ids)
                except Exception:  # a failed check must not end the watch
                    log.exception("closing the sockets of ended sessions failed")

    async def _close_ended_sessions(self) -> None:
        open_sessions = self._sockets.session_ids
        await self._close(open_sessions - await live_sessions(open_sessions))

    async def _close(self, session_ids: Sequence[str] | set[str]) -> None:
        for socket in self._sockets.of_sessions(session_ids):
            await socket.end(SESSION_ENDED)
