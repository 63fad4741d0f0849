"""This process's live view of each open room: the room's events in order, without gaps, to
every local socket.

One `RoomFeed` per room with local sockets subscribes to the room's channel. It follows the
room's log position by position: an event whose predecessor has not arrived waits briefly,
then the gap is read from the database once for the whole process (the same after a broker
reconnect). Changes to the member list go out like presence changes, at most a few times a
second however many people join: a run of them waits for the next message, or its turn.
Each socket's `Listener` is a bounded queue; a socket that cannot keep up is cut, not skipped.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from contextlib import suppress

from backchat.events import MEMBERSHIP, POSTED, events_after, room_position
from backchat.metrics import FRAGMENTS_DELIVERED, message_delivered
from backchat.realtime.broker import RESYNC, Broker, Subscription, room_channel
from backchat.realtime.coalescing import Coalescer, spacing
from backchat.realtime.envelopes import (
    PRESENCE_CHECK,
    Event,
    EventsEnvelope,
    FragmentEnvelope,
    TypingEnvelope,
    UnreadableEnvelope,
    decode,
)
from backchat.realtime.fragments import Fragments
from backchat.realtime.listener import Delivery, Listener, events_delivery
from backchat.realtime.presence import Presence
from backchat.realtime.roster import Roster
from backchat.realtime.typists import Typists

log = logging.getLogger(__name__)

#: How long an event waits for a missing predecessor before the gap is read from the database.
GAP_WAIT_SECONDS = 0.5
GAP_READ_LIMIT = 500
#: The most events in one frame (a long gap read goes out in several).
MAX_RUN = 50
#: Sockets handed a delivery between yields to the event loop: a large room's fan-out then
#: lets database replies (someone's save) through instead of queueing them behind every socket.
FANOUT_CHUNK = 32


class RoomFeed:
    """Receives one room's channel and hands each event, in order and once, to listeners."""

    def __init__(
        self, room_id: int, broker: Broker, fragments: Fragments, presence: Presence
    ) -> None:
        self.room_id = room_id
        self.listeners: set[Listener] = set()
        #: Who is here, kept current from the channel; every socket gets the whole list once.
        self.roster = Roster(room_id, presence, fragments)
        self.typists = Typists()
        #: Typing lines go out like presence changes: at most a few a second, however many type.
        self._typing_lines = Coalescer(self._show_typing, room_size=lambda _: len(self.listeners))
        self._subscription: Subscription | None = None
        self._broker = broker
        self._fragments = fragments
        #: The position of the last event handed out.
        self._head = 0
        self._waiting: dict[int, Event] = {}
        self._waiting_since: float | None = None
        #: Member-list changes held back until `_members_due` (handed out already, as far as
        #: the head goes: a socket joining now reads them with its catch-up).
        self._held: list[Event] = []
        self._members_due = -math.inf
        self._ready = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=f"room-feed-{room_id}")

    def add(self, listener: Listener) -> None:
        """Hand a listener every delivery from now on. Its floor is where the feed stands: the
        last event handed out already (or, before the feed is ready, where it starts)."""
        if self._ready.is_set():
            listener.floor = self._head
        self.listeners.add(listener)
        if self.roster.known:  # else the whole who's-here list comes with the first read
            listener.offer(Delivery(self.roster.whole()))
        if typing := self.typists.as_seen_by(listener.username):
            listener.send(self._fragments.typing(typing))

    async def ready(self) -> None:
        """Wait until the feed is subscribed and knows where the room's sequence stands."""
        if self._ready.is_set():
            return
        ready = asyncio.create_task(self._ready.wait())
        await asyncio.wait({ready, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            self._task.result()  # the feed failed to start: raise its error

    async def stop(self) -> None:
        self._task.cancel()
        with suppress(asyncio.CancelledError):
            await self._task
        await self._typing_lines.stop()

    def check_presence(self) -> None:
        """Re-read who is here from the store, in order with the changes already received."""
        if self._subscription is not None:
            self._subscription.deliver(PRESENCE_CHECK)

    async def _send_all(self, frame: str) -> None:
        if frame:
            await self.broadcast(Delivery(frame))

    async def broadcast(self, delivery: Delivery) -> None:
        """Hand a delivery to every local listener, a chunk at a time."""
        FRAGMENTS_DELIVERED.inc(len(self.listeners))
        for count, listener in enumerate(list(self.listeners), 1):
            listener.offer(delivery)
            if count % FANOUT_CHUNK == 0:
                await asyncio.sleep(0)

    async def _run(self) -> None:
        async with self._broker.subscribe(room_channel(self.room_id)) as subscription:
            self._subscription = subscription
            self._head = (await room_position(self.room_id)).event
            for listener in self.listeners:
                listener.floor = self._head
            await self._send_all(await self.roster.reload())
            self._ready.set()
            while True:
                try:
                    payload = await asyncio.wait_for(subscription.get(), self._timeout())
                except TimeoutError:
                    if self._held and time.monotonic() >= self._members_due:
                        await self._deliver([])
                    if self._gap_timeout() == 0.0:
                        await self._read_gap()
                    if self.typists.expire():
                        self._typing_changed()
                    continue
                if payload is RESYNC:
                    await self._read_gap()
                    await self._send_all(self._fragments.delivery_state(paused=False))
                    await self._send_all(await self.roster.reload())
                    continue
                try:
                    envelope = decode(payload)
                except UnreadableEnvelope as exc:
                    log.warning("skipped an envelope on room %s: %s", self.room_id, exc)
                    continue
                if isinstance(envelope, EventsEnvelope):
                    await self._receive(envelope)
                elif isinstance(envelope, FragmentEnvelope):
                    await self._send_all(envelope.html)
                elif isinstance(envelope, TypingEnvelope):
                    if self.typists.typing(envelope.username):
                        self._typing_changed()
                else:
                    await self._send_all(await self.roster.receive(envelope))

    def _timeout(self) -> float | None:
        """How long to wait for the channel: until a gap is due to be read, or a typist's
        time is up."""
        held = self._members_due - time.monotonic() if self._held else None
        waits = [w for w in (self._gap_timeout(), self.typists.next_expiry, held) if w is not None]
        return max(0.0, min(waits)) if waits else None

    def _typing_changed(self) -> None:
        self._typing_lines.mark(self.room_id, "typing")

    async def _show_typing(self, *_: object) -> None:
        """Tell every local socket who is typing: each reader the others (a reader who is
        typing gets a line of their own), a chunk at a time."""
        typing = self.typists.names
        everyone = self._fragments.typing(typing)
        own: dict[str, str] = {}
        for count, listener in enumerate(list(self.listeners), 1):
            frame = everyone
            if listener.username in typing:
                if listener.username not in own:
                    names = self.typists.as_seen_by(listener.username)
                    own[listener.username] = self._fragments.typing(names)
                frame = own[listener.username]
            listener.send(frame)
            if count % FANOUT_CHUNK == 0:
                await asyncio.sleep(0)

    def _gap_timeout(self) -> float | None:
        if self._waiting_since is None:
            return None
        return max(0.0, self._waiting_since + GAP_WAIT_SECONDS - time.monotonic())

    async def _receive(self, envelope: EventsEnvelope) -> None:
        for event in envelope.events:
            if event.seq > self._head:  # else delivered already (a repeat, or read with a gap)
                self._waiting[event.seq] = event
        await self._deliver_chain()
        for event in envelope.events:
            if event.kind == POSTED and "message" in event.data:
                message_delivered(event.data["message"]["created_at"])

    async def _deliver_chain(self) -> None:
        """Deliver, as one run, the waiting events that each follow the last delivered."""
        run: list[Event] = []
        while (event := self._waiting.pop(self._head + len(run) + 1, None)) is not None:
            run.append(event)
        if run:
            await self._deliver(run)
        if not self._waiting:
            self._waiting_since = None
        elif self._waiting_since is None:
            self._waiting_since = time.monotonic()

    async def _read_gap(self) -> None:
        """Read every event after the head from the database and deliver them in order."""
        while True:
            newest = (await room_position(self.room_id)).event
            missing = await events_after(self.room_id, self._head, newest, GAP_READ_LIMIT)
            if missing:
                await self._deliver([Event.of(e, self._fragments.event(e)) for e in missing])
            if len(missing) < GAP_READ_LIMIT:
                break
        for seq in [seq for seq in self._waiting if seq <= self._head]:
            del self._waiting[seq]
        self._waiting_since = None
        await self._deliver_chain()

    async def _deliver(self, run: list[Event]) -> None:
        """Hand out a run of events (after any held back), or hold back one that only changes
        the member list until its turn."""
        if run:
            self._head = run[-1].seq
        now = time.monotonic()
        if run and all(e.kind in MEMBERSHIP for e in run) and now < self._members_due:
            self._held.extend(run)
            return
        run, self._held = self._held + run, []
        if any(e.kind in MEMBERSHIP for e in run):
            self._members_due = now + spacing(len(self.listeners))
        for start in range(0, len(run), MAX_RUN):
            await self.broadcast(events_delivery(self._fragments, run[start : start + MAX_RUN]))
        senders = [
            e.data["message"]["author"] for e in run if e.kind == POSTED and "message" in e.data
        ]
        if self.typists.stopped(senders):  # who sends has stopped typing
            self._typing_changed()


class Feeds:
    """The room feeds of this process, created with their first listener, ended with the last."""

    def __init__(self, broker: Broker, fragments: Fragments, presence: Presence) -> None:
        self._broker = broker
        self._fragments = fragments
        self._presence = presence
        self._feeds: dict[int, RoomFeed] = {}

    def get(self, room_id: int) -> RoomFeed | None:
        """The room's feed, if this process has one."""
        return self._feeds.get(room_id)

    @property
    def rooms(self) -> list[int]:
        """Rooms with local listeners."""
        return list(self._feeds)

    def listen(self, room_id: int, listener: Listener) -> Listening:
        """`async with`: receive the room's deliveries for the length of the block."""
        return Listening(self, room_id, listener)

    async def join(self, room_id: int, listener: Listener) -> None:
        """Add a listener to the room's feed (starting it), once the feed is ready."""
        feed = self._feeds.get(room_id)
        if feed is None:
            feed = RoomFeed(room_id, self._broker, self._fragments, self._presence)
            self._feeds[room_id] = feed
        feed.add(listener)
        try:
            await feed.ready()
        except BaseException:
            await self.leave(room_id, listener)
            raise

    async def leave(self, room_id: int, listener: Listener) -> None:
        """Remove a listener; the room's feed ends with its last one."""
        feed = self._feeds.get(room_id)
        if feed is None:
            return
        feed.listeners.discard(listener)
        if not feed.listeners:
            del self._feeds[room_id]
            await feed.stop()

    async def stop(self) -> None:
        """End every feed."""
        feeds, self._feeds = list(self._feeds.values()), {}
        for feed in feeds:
            await feed.stop()


class Listening:
    """A listener in a room's feed for the length of an `async with` block: a small object
    rather than a generator-based context manager, as every open socket holds one."""

    __slots__ = ("_feeds", "_listener", "_room_id")

    def __init__(self, feeds: Feeds, room_id: int, listener: Listener) -> None:
        self._feeds, self._room_id, self._listener = feeds, room_id, listener

    async def __aenter__(self) -> None:
        await self._feeds.join(self._room_id, self._listener)

    async def __aexit__(self, *_: object) -> None:
        await self._feeds.leave(self._room_id, self._listener)
