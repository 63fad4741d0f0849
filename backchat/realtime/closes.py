"""Sockets that must close wherever they are open: those of ended login sessions (4401), a
person's sockets in a room they left or were removed from (4403), everyone's in a room that
was deleted (4404), and a person's oldest ones over `MAX_SOCKETS_PER_USER` (4409).

Such news goes out on one channel that every process follows; each closes its own sockets.
After a broker outage, when news may have been missed, and every few seconds besides (a
session can end, or a room go, where no broker reaches: a CLI command deactivating an account
or deleting a room), every session and room with a socket here is checked against the
database instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from contextlib import suppress

from backchat.accounts import live_sessions
from backchat.realtime.broker import RESYNC, Broker, BrokerUnavailable, closes_channel
from backchat.realtime.envelopes import (
    Envelope,
    LeftRoomEnvelope,
    RoomDeletedEnvelope,
    SessionsEndedEnvelope,
    SocketsOverCapEnvelope,
    decode,
    encode,
)
from backchat.realtime.sockets import OpenSocket, OpenSockets
from backchat.rooms import existing_rooms

log = logging.getLogger(__name__)
#: Close code for a socket whose login session has ended (CLARIFICATIONS 1).
SESSION_ENDED = 4401
#: Close code for a person's sockets in a room they are no longer a member of.
LEFT_ROOM = 4403
#: Close code for every socket in a room that was deleted (as for a room that never was).
ROOM_GONE = 4404
#: How often every session and room with a socket here is checked against the database.
SESSION_SWEEP_SECONDS = 5.0
#: Close code for a person's oldest socket when they open more than `MAX_SOCKETS_PER_USER`.
TOO_MANY_SOCKETS = 4409


class Closes:
    """Publishes which sockets must close, and closes this process's of those named anywhere."""

    def __init__(self, broker: Broker, sockets: OpenSockets) -> None:
        self._broker = broker
        self._sockets = sockets
        self._tasks: list[asyncio.Task[None]] = []
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        """Follow the channel (returns once subscribed), and sweep every few seconds."""
        self._tasks = [
            asyncio.create_task(self._follow(), name="closes"),
            asyncio.create_task(self._sweep_forever(), name="session-sweep"),
        ]
        await self._subscribed.wait()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def sessions_ended(self, session_ids: Collection[str]) -> None:
        """Close the sockets of these sessions on every process (this one hears it even if the
        broker is down; the others check when it is back)."""
        if session_ids:
            await self._publish(SessionsEndedEnvelope(list(session_ids)))

    async def left_room(self, room_id: int, user_id: int) -> None:
        """Close this person's sockets in the room, on every process (they left, or were
        removed: nothing they send there is saved any more)."""
        await self._publish(LeftRoomEnvelope(room_id, user_id))

    async def room_deleted(self, room_id: int) -> None:
        """Close every socket in the room, on every process."""
        await self._publish(RoomDeletedEnvelope(room_id))

    async def over_cap(self, socket_ids: Collection[str]) -> None:
        """Close these sockets (a person's oldest, over the cap) on whichever process holds them."""
        if socket_ids:
            await self._publish(SocketsOverCapEnvelope(list(socket_ids)))

    async def _publish(self, envelope: Envelope) -> None:
        with suppress(BrokerUnavailable):
            await self._broker.publish(closes_channel(), encode(envelope))

    async def _follow(self) -> None:
        async with self._broker.subscribe(closes_channel()) as subscription:
            self._subscribed.set()
            while True:
                payload = await subscription.get()
                try:
                    if payload is RESYNC:
                        await self._check_with_database()
                        continue
                    envelope = decode(payload)
                    if isinstance(envelope, SessionsEndedEnvelope):
                        await self._end(
                            self._sockets.of_sessions(envelope.session_ids), SESSION_ENDED
                        )
                    elif isinstance(envelope, LeftRoomEnvelope):
                        await self._end(
                            self._sockets.in_room(envelope.user_id, envelope.room_id), LEFT_ROOM
                        )
                    elif isinstance(envelope, RoomDeletedEnvelope):
                        await self._end(self._sockets.showing(envelope.room_id), ROOM_GONE)
                    elif isinstance(envelope, SocketsOverCapEnvelope):
                        await self._end(
                            self._sockets.with_ids(envelope.socket_ids), TOO_MANY_SOCKETS
                        )
                except Exception:  # a failed check, or an unreadable envelope, must not end it
                    log.exception("closing sockets named on the closes channel failed")

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SESSION_SWEEP_SECONDS)
            try:
                await self._check_with_database()
            except Exception:  # the database is away: the next sweep checks again
                log.exception("checking the open sockets' sessions and rooms failed")

    async def _check_with_database(self) -> None:
        open_sessions = self._sockets.session_ids
        ended = open_sessions - await live_sessions(open_sessions)
        await self._end(self._sockets.of_sessions(ended), SESSION_ENDED)
        shown = self._sockets.room_ids
        for room_id in shown - await existing_rooms(shown):
            await self._end(self._sockets.showing(room_id), ROOM_GONE)

    @staticmethod
    async def _end(sockets: list[OpenSocket], code: int) -> None:
        for socket in sockets:
            await socket.end(code)
