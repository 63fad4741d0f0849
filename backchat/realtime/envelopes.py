"""What travels on a room's channel: saved messages (each with its predecessor), presence
changes, or another fragment for everyone in the room."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChainedMessage:
    """A saved message, rendered once; `prev_id` is the room's previous message (0 if none)."""

    id: int
    prev_id: int
    html: str


@dataclass(frozen=True, slots=True)
class MessageEnvelope:
    """Messages saved together in one room, in the order saved."""

    messages: tuple[ChainedMessage, ...]


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
class SessionsEndedEnvelope:
    """Login sessions that ended: their open sockets close, on every process."""

    session_ids: list[str]


@dataclass(frozen=True, slots=True)
class SocketsOverCapEnvelope:
    """A person's oldest sockets, over `MAX_SOCKETS_PER_USER`: they close, wherever they are."""

    socket_ids: list[str]


Envelope = (
    MessageEnvelope
    | PresenceEnvelope
    | PresenceCheck
    | FragmentEnvelope
    | SessionsEndedEnvelope
    | SocketsOverCapEnvelope
)


def encode(envelope: Envelope) -> bytes:
    """Bytes for the broker."""
    if isinstance(envelope, MessageEnvelope):
        data = {
            "kind": "messages",
            "items": [[m.id, m.prev_id, m.html] for m in envelope.messages],
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
    elif isinstance(envelope, SessionsEndedEnvelope):
        data = {"kind": "sessions-ended", "sessions": envelope.session_ids}
    elif isinstance(envelope, SocketsOverCapEnvelope):
        data = {"kind": "sockets-over-cap", "sockets": envelope.socket_ids}
    else:
        data = {"kind": "fragment", "html": envelope.html}
    return json.dumps(data, separators=(",", ":")).encode()


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
        if kind == "messages":
            return MessageEnvelope(tuple(ChainedMessage(*item) for item in data["items"]))
        if kind == "presence":
            return PresenceEnvelope(data["process"], data["arrived"], data["departed"])
        if kind == "presence-check":
            return PresenceCheck()
        if kind == "sessions-ended":
            return SessionsEndedEnvelope(data["sessions"])
        if kind == "sockets-over-cap":
            return SocketsOverCapEnvelope(data["sockets"])
        if kind == "fragment":
            return FragmentEnvelope(data["html"])
    except (ValueError, KeyError, TypeError) as exc:
        raise UnreadableEnvelope(str(exc)) from exc
    raise UnreadableEnvelope(f"unknown kind {kind!r}")
