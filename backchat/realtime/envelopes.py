"""What travels on a room's channel: changes to the room (events of its log), presence
changes, or another fragment for everyone in the room; what travels on a person's channel
(read marks, their rooms or display name changing); and the functions that publish on each."""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from backchat.events import event_data
from backchat.models import RoomEvent
from backchat.realtime.broker import Broker, BrokerUnavailable, room_channel, user_channel


@dataclass(frozen=True, slots=True)
class Event:
    """A change to a room on its way to pages: its position `seq` in the room's log, the
    message it is about, its HTML (rendered once, the same for every page) and its data."""

    seq: int
    kind: str
    message_id: int | None
    html: str
    data: dict[str, Any]

    @classmethod
    def of(cls, event: RoomEvent, html: str) -> Event:
        """A saved event (with its message), with its HTML."""
        return cls(event.seq, event.kind, event.message_id, html, event_data(event))


@dataclass(frozen=True, slots=True)
class EventsEnvelope:
    """Changes made together in one room, in the room's order."""

    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class PresenceEnvelope:
    """Users who arrived in or left the room on one process (each process renders the change
    for its own sockets: whether someone is still here depends on every process)."""

    process: str
    arrived: list[str]
    departed: list[str]


@dataclass(frozen=True, slots=True)
class PresenceCheck:
    """Re-read who is here from the presence store (put in a feed's queue by its own process,
    so that the read happens in order with the changes)."""


@dataclass(frozen=True, slots=True)
class FragmentEnvelope:
    """Any other out-of-band fragment for everyone in the room (the member list)."""

    html: str


@dataclass(frozen=True, slots=True)
class TypingEnvelope:
    """Someone is typing in the room (who, and nothing of what)."""

    username: str


@dataclass(frozen=True, slots=True)
class SessionsEndedEnvelope:
    """Login sessions that ended: their open sockets close, on every process."""

    session_ids: list[str]


@dataclass(frozen=True, slots=True)
class SocketsOverCapEnvelope:
    """A person's oldest sockets, over `MAX_SOCKETS_PER_USER`: they close, wherever they are."""

    socket_ids: list[str]


@dataclass(frozen=True, slots=True)
class LeftRoomEnvelope:
    """Someone left a room, or was removed: their sockets in it close, on every process."""

    room_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class RoomDeletedEnvelope:
    """A room was deleted: every socket in it closes, on every process."""

    room_id: int


@dataclass(frozen=True, slots=True)
class ReadEnvelope:
    """On a person's channel: they have read a room up to `position` in its log."""

    room_id: int
    position: int


@dataclass(frozen=True, slots=True)
class RoomsChangedEnvelope:
    """On a person's channel: the rooms they belong to changed (they joined or made one)."""


@dataclass(frozen=True, slots=True)
class ProfileChangedEnvelope:
    """On a person's channel: their display name changed (their open sockets send with it)."""

    display_name: str | None


@dataclass(frozen=True, slots=True)
class LooksChangedEnvelope:
    """On a person's channel: what they may do changed (they became an owner), so their open
    pages load `/me.css` again, as `version`."""

    version: str


Envelope = (
    EventsEnvelope
    | PresenceEnvelope
    | PresenceCheck
    | FragmentEnvelope
    | TypingEnvelope
    | SessionsEndedEnvelope
    | SocketsOverCapEnvelope
    | LeftRoomEnvelope
    | RoomDeletedEnvelope
    | ReadEnvelope
    | RoomsChangedEnvelope
    | ProfileChangedEnvelope
    | LooksChangedEnvelope
)


def encode(envelope: Envelope) -> bytes:
    """Bytes for the broker."""
    if isinstance(envelope, EventsEnvelope):
        data = {
            "kind": "events",
            "items": [[e.seq, e.kind, e.message_id, e.html, e.data] for e in envelope.events],
        }
    elif isinstance(envelope, PresenceEnvelope):
        data = {
            "kind": "presence",
            "process": envelope.process,
            "arrived": envelope.arrived,
            "departed": envelope.departed,
        }
    elif isinstance(envelope, PresenceCheck):
        data = {"kind": "presence-check"}
    elif isinstance(envelope, TypingEnvelope):
        data = {"kind": "typing", "username": envelope.username}
    elif isinstance(envelope, SessionsEndedEnvelope):
        data = {"kind": "sessions-ended", "sessions": envelope.session_ids}
    elif isinstance(envelope, SocketsOverCapEnvelope):
        data = {"kind": "sockets-over-cap", "sockets": envelope.socket_ids}
    elif isinstance(envelope, LeftRoomEnvelope):
        data = {"kind": "left-room", "room": envelope.room_id, "user": envelope.user_id}
    elif isinstance(envelope, RoomDeletedEnvelope):
        data = {"kind": "room-deleted", "room": envelope.room_id}
    elif isinstance(envelope, ReadEnvelope):
        data = {"kind": "read", "room": envelope.room_id, "position": envelope.position}
    elif isinstance(envelope, RoomsChangedEnvelope):
        data = {"kind": "rooms-changed"}
    elif isinstance(envelope, ProfileChangedEnvelope):
        data = {"kind": "profile", "display_name": envelope.display_name}
    elif isinstance(envelope, LooksChangedEnvelope):
        data = {"kind": "looks", "version": envelope.version}
    else:
        data = {"kind": "fragment", "html": envelope.html}
    return json.dumps(data, separators=(",", ":")).encode()


async def publish_to_room(broker: Broker, room_id: int, envelope: Envelope) -> None:
    """Publish an envelope on the room's channel (`BrokerUnavailable` while the broker is
    down: this process's own sockets get it all the same)."""
    await broker.publish(room_channel(room_id), encode(envelope))


async def publish_to_user(broker: Broker, user_id: int, envelope: Envelope) -> None:
    """Publish an envelope on the person's channel, which their open pages follow (while the
    broker is down, this process's pages only)."""
    with suppress(BrokerUnavailable):
        await broker.publish(user_channel(user_id), encode(envelope))


#: Put in a feed's own queue by its process, never published.
PRESENCE_CHECK = encode(PresenceCheck())


class UnreadableEnvelope(ValueError):
    """Bytes on a channel that are no envelope this version knows (a newer or older worker's
    during a rolling deploy, or garbage): skipped, never fatal."""


def decode(payload: bytes) -> Envelope:
    """The envelope in broker bytes; `UnreadableEnvelope` if there is none."""
    try:
        data = json.loads(payload)
        kind = data["kind"]
        if kind == "events":
            return EventsEnvelope(tuple(Event(*item) for item in data["items"]))
        if kind == "presence":
            return PresenceEnvelope(data["process"], data["arrived"], data["departed"])
        if kind == "presence-check":
            return PresenceCheck()
        if kind == "typing":
            return TypingEnvelope(data["username"])
        if kind == "sessions-ended":
            return SessionsEndedEnvelope(data["sessions"])
        if kind == "sockets-over-cap":
            return SocketsOverCapEnvelope(data["sockets"])
        if kind == "left-room":
            return LeftRoomEnvelope(int(data["room"]), int(data["user"]))
        if kind == "room-deleted":
            return RoomDeletedEnvelope(int(data["room"]))
        if kind == "read":
            return ReadEnvelope(int(data["room"]), int(data["position"]))
        if kind == "rooms-changed":
            return RoomsChangedEnvelope()
        if kind == "profile":
            return ProfileChangedEnvelope(data["display_name"])
        if kind == "looks":
            return LooksChangedEnvelope(str(data["version"]))
        if kind == "fragment":
            return FragmentEnvelope(data["html"])
    except (ValueError, KeyError, TypeError) as exc:
        raise UnreadableEnvelope(str(exc)) from exc
    raise UnreadableEnvelope(f"unknown kind {kind!r}")
