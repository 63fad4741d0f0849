"""What this process tells a room's channel about who is here: arrivals and departures ("Here
now"), coalesced per room (`coalescing.Coalescer`), so that a crowd arriving at once costs one
small message per room a few times a second."""

from __future__ import annotations

import logging
from contextlib import suppress

from backchat.realtime.broker import Broker, BrokerUnavailable
from backchat.realtime.coalescing import Coalescer
from backchat.realtime.envelopes import PresenceEnvelope, publish_to_room
from backchat.realtime.presence import Presence

log = logging.getLogger(__name__)


class PresenceAnnouncer:
    """Publishes who arrived and who left on this process, per room, as net changes."""

    def __init__(self, presence: Presence, broker: Broker) -> None:
        self._presence = presence
        self._broker = broker
        #: Per room, the users this process last said it has there.
        self._announced: dict[int, set[str]] = {}
        self._changes = Coalescer(self._flush, room_size=presence.tabs_here)

    def changed(self, room_id: int, username: str) -> None:
        """A user's first tab opened or last tab closed here; say so soon."""
        self._changes.mark(room_id, username)

    async def stop(self) -> None:
        """Say what is still pending, then stop."""
        await self._changes.stop()

    async def _flush(self, room_id: int, usernames: set[str]) -> None:
        announced = self._announced.setdefault(room_id, set())
        here = {u for u in usernames if self._presence.is_here(room_id, u)}
        arrived = sorted(here - announced, key=str.lower)
        departed = sorted((usernames - here) & announced, key=str.lower)
        announced.update(arrived)
        announced.difference_update(departed)
        if not announced:
            del self._announced[room_id]
        if not arrived and not departed:
            return  # a tab closed and another opened in between
        try:
            await self._presence.record(room_id, arrived, departed)
        except Exception as exc:  # Redis is down: the periodic refresh records it later
            log.warning("presence unavailable: %s", exc)
        envelope = PresenceEnvelope(self._presence.process_id, arrived, departed)
        with suppress(BrokerUnavailable):  # this process's sockets got it already
            await publish_to_room(self._broker, room_id, envelope)
