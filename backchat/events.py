"""The room's event log: every change to a room, numbered 1, 2, 3... in the room's own order.

A change and its event are written in one transaction that first writes the room row, so a
room's changes queue up behind each other and its positions have no gaps and follow commit
order. A page's `last_seen` is such a position: whatever comes after it is what the page
missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import F

from backchat.history import SHOWN_WITH
from backchat.models import Membership, Message, Room, RoomEvent, User
from backchat.reactions import attach_reactions

#: A message was posted, edited by its author, deleted, or reacted to (the event's message is
#: it).
POSTED = "posted"
EDITED = "edited"
DELETED = "deleted"
REACTED = "reacted"
#: The room's name or who may join it changed (the event's room is it, as it is now).
ROOM_CHANGED = "room"
#: Someone joined the room, left it, was removed from it or was made one of its owners (the
#: event's user is them).
JOINED = "joined"
LEFT = "left"
REMOVED = "removed"
PROMOTED = "promoted"
MEMBERSHIP = frozenset({JOINED, LEFT, REMOVED, PROMOTED})


@dataclass(frozen=True, slots=True)
class RoomPosition:
    """Where a room's log stands: its newest event, and its newest message as of that event."""

    event: int
    message_id: int


async def room_position(room_id: int) -> RoomPosition:
    """Where the room's log stands now (both read from one row, so they agree)."""
    row = await Room.filter(id=room_id).first().values("last_event", "last_message_id")
    if row is None:
        return RoomPosition(0, 0)
    return RoomPosition(row["last_event"], row["last_message_id"] or 0)


async def record_events(
    room_id: int, after: int, kind: str, messages: Sequence[Message], at: datetime
) -> list[RoomEvent]:
    """Write one event of `kind` per message at the positions after `after`, inside the
    transaction that made the change (the caller moves the room's `last_event`)."""
    events = [
        RoomEvent(room_id=room_id, seq=after + n, kind=kind, message_id=message.id, created_at=at)
        for n, message in enumerate(messages, 1)
    ]
    await RoomEvent.bulk_create(events)
    for event, message in zip(events, messages, strict=True):
        event.message = message  # by id above: a bulk-inserted message counts as unsaved
    return events


async def lock_room(room_id: int) -> None:
    """Lock the room's row until the transaction ends: the room's changes queue up there."""
    await Room.filter(id=room_id).update(last_event=F("last_event"))


async def record_event(
    room: Room, kind: str, message: Message | None = None, user: User | None = None
) -> RoomEvent:
    """Write one event at the room's next position and move its `last_event`, inside the
    transaction that made the change (which locked the room's row first, `lock_room`)."""
    position = await room_position(room.id)
    event = await RoomEvent.create(
        room_id=room.id, seq=position.event + 1, kind=kind, message=message, user=user
    )
    await Room.filter(id=room.id).update(last_event=event.seq)
    event.room = room
    await attach_member_counts([event])
    return event


async def attach_member_counts(events: Sequence[RoomEvent]) -> None:
    """Give each membership event the room's member count (`member_count`), as it is now."""
    changes = [event for event in events if event.kind in MEMBERSHIP]
    if changes:
        count = await Membership.filter(room_id=changes[0].room_id).count()
        for event in changes:
            event.member_count = count


async def events_after(
    room_id: int, after: int, up_to: int, limit: int, latest: bool = False
) -> list[RoomEvent]:
    """A room's events at positions `after < seq <= up_to`, in order, with their messages as
    they are now (with what showing them takes): the first `limit` of them, or the last `limit`
    when `latest`."""
    query = RoomEvent.filter(room_id=room_id, seq__gt=after, seq__lte=up_to).select_related(
        "room", "user", *(f"message__{related}" for related in SHOWN_WITH)
    )
    if latest:
        events = (await query.order_by("-seq").limit(limit))[::-1]
    else:
        events = await query.order_by("seq").limit(limit)
    await attach_reactions([event.message for event in events if event.message is not None])
    await attach_member_counts(events)
    return events


def as_they_are_now(events: Sequence[RoomEvent]) -> list[RoomEvent]:
    """A page's catch-up over these events (messages and the room read as they are now): each
    message once, where it was posted, or else at its latest change; the room's latest
    change; every change of membership, in order (each one changes the member list the
    page has)."""
    posted = {event.message_id for event in events if event.kind == POSTED}
    kept: list[RoomEvent] = []
    changed: set[int | None] = set()
    for event in reversed(events):
        if event.kind in MEMBERSHIP:
            kept.append(event)
            continue
        if event.kind != POSTED and (event.message_id in posted or event.message_id in changed):
            continue
        changed.add(event.message_id)
        kept.append(event)
    return kept[::-1]


def event_data(event: RoomEvent) -> dict[str, Any]:
    """The event as plain data, for whatever reads a room's channel besides pages."""
    data: dict[str, Any] = {"seq": event.seq, "kind": event.kind}
    if event.kind == ROOM_CHANGED:
        data["room"] = {"name": event.room.name, "visibility": event.room.visibility}
    if event.kind in MEMBERSHIP:
        data["member"] = event.user.username
    message = event.message
    if message is not None:
        data["message"] = {
            "id": message.id,
            "author": message.author.username,
            "body": message.body,
            "created_at": message.created_at.isoformat(),
            "edited_at": message.edited_at and message.edited_at.isoformat(),
            "deleted": message.deleted_at is not None,
            "reply_to": message.reply_to_id,
            "reactions": {r.emoji: r.usernames for r in message.reaction_counts},
        }
    return data
