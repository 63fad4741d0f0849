"""One socket's side of live delivery: the frames waiting for it and its place in the room's
message sequence. Kept small: a worker holds thousands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backchat.realtime.fragments import Fragments


@dataclass(frozen=True, slots=True)
class Delivery:
    """A frame for every local socket. A frame of messages lists them, (id, html) in order, and
    comes with and without a cursor update."""

    frame: str
    messages: tuple[tuple[int, str], ...] = ()
    frame_with_cursor: str = ""


def message_delivery(fragments: Fragments, messages: Sequence[tuple[int, str]]) -> Delivery:
    """One frame appending a contiguous run of messages to the page."""
    frame = fragments.place([html for _, html in messages])
    cursor = fragments.last_seen(messages[-1][0])
    return Delivery(frame, tuple(messages), frame + cursor)


class Listener:
    """One socket's outbound frames and its place in the room's message sequence.

    Kept small (a list, no task of its own): a worker holds thousands. `wake` is called
    whenever a frame is queued or the socket is found too slow.
    """

    def __init__(self, max_queued: int, fragments: Fragments, wake: Callable[[], None]) -> None:
        self._max_queued = max_queued
        self._fragments = fragments
        self._wake = wake
        self._frames: list[str] = []
        #: Set when more than `max_queued` frames waited: the socket is too slow, and is cut.
        self.overflowed = False
        #: Live delivery covers ids above the floor; the resume catch-up covers the rest. Set
        #: by the feed when it takes the listener, before its first delivery.
        self.floor: int | None = None
        self.first_live_id: int | None = None
        self.last_live_id: int | None = None
        #: Once the catch-up is queued, every frame also moves the page's `last_seen`.
        self.resumed = False

    def offer(self, delivery: Delivery) -> None:
        """Queue a delivery without waiting (called by the feed, once it set the floor)."""
        if delivery.messages:
            floor = self.floor or 0
            if delivery.messages[-1][0] <= floor:
                return
            if delivery.messages[0][0] <= floor:  # the resume catch-up sends the older part
                newer = [(id_, html) for id_, html in delivery.messages if id_ > floor]
                delivery = message_delivery(self._fragments, newer)
            self.first_live_id = self.first_live_id or delivery.messages[0][0]
            self.last_live_id = delivery.messages[-1][0]
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
