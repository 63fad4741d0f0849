"""One socket's side of live delivery: the frames waiting for it and its place in the room's
event log. Kept small: a worker holds thousands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backchat.events import POSTED
from backchat.realtime.envelopes import Event
from backchat.realtime.fragments import Fragments


@dataclass(frozen=True, slots=True)
class Delivery:
    """A frame for every local socket. A frame of events lists them in the room's order, and
    comes with and without a cursor update."""

    frame: str
    events: tuple[Event, ...] = ()
    frame_with_cursor: str = ""


def events_delivery(fragments: Fragments, events: Sequence[Event]) -> Delivery:
    """One frame showing a contiguous run of the room's events on the page."""
    frame = fragments.events([(event.kind, event.html) for event in events])
    cursor = fragments.last_seen(events[-1].seq)
    return Delivery(frame, tuple(events), frame + cursor)


class Listener:
    """One socket's outbound frames and its place in the room's event log.

    Kept small (a list, no task of its own): a worker holds thousands. `wake` is called
    whenever a frame is queued or the socket is found too slow.
    """

    def __init__(
        self,
        max_queued: int,
        fragments: Fragments,
        wake: Callable[[], None],
        username: str = "",
    ) -> None:
        #: Whose socket this is (a reader is never shown as typing to themselves).
        self.username = username
        self._max_queued = max_queued
        self._fragments = fragments
        self._wake = wake
        self._frames: list[str] = []
        #: Set when more than `max_queued` frames waited: the socket is too slow, and is cut.
        self.overflowed = False
        #: Live delivery covers the events after the floor; the resume catch-up covers the rest.
        #: Set by the feed when it takes the listener, before its first delivery.
        self.floor: int | None = None
        #: The first message delivered live (the catch-up goes before it), the last event.
        self.first_live_message_id: int | None = None
        self.last_live_seq: int | None = None
        #: Once the catch-up is queued, every frame also moves the page's `last_seen`.
        self.resumed = False

    def offer(self, delivery: Delivery) -> None:
        """Queue a delivery without waiting (called by the feed, once it set the floor)."""
        if delivery.events:
            floor = self.floor or 0
            if delivery.events[-1].seq <= floor:
                return
            if delivery.events[0].seq <= floor:  # the resume catch-up sends the older part
                newer = [event for event in delivery.events if event.seq > floor]
                delivery = events_delivery(self._fragments, newer)
            if self.first_live_message_id is None:
                self.first_live_message_id = next(
                    (e.message_id for e in delivery.events if e.kind == POSTED), None
                )
            self.last_live_seq = delivery.events[-1].seq
            if self.resumed:
                self.send(delivery.frame_with_cursor)
                return
        self.send(delivery.frame)

    def send(self, frame: str) -> None:
        """Queue a frame for this socket; a full queue means the socket is too slow."""
        if len(self._frames) >= self._max_queued:
            self.overflowed = True
        else:
            self._frames.append(frame)
        self._wake()

    @property
    def waiting(self) -> bool:
        """True while frames are queued."""
        return bool(self._frames)

    def take(self, most: int) -> str:
        """Up to `most` queued frames joined into one ("" if none are queued)."""
        taken, self._frames = self._frames[:most], self._frames[most:]
        return "".join(taken)
