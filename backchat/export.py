"""A room's history for its members to keep: every event of its log as JSON Lines, and every
message as a transcript. Both are read a page at a time, so a room of any size streams out in
constant memory."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from backchat.events import event_data, events_after, room_position
from backchat.history import SHOWN_WITH
from backchat.models import Message, Room, RoomEvent
from backchat.reactions import attach_reactions

#: Events or messages read per query.
EXPORT_PAGE = 500


async def room_events(room: Room) -> AsyncIterator[RoomEvent]:
    """Every event of the room's log up to now, in order (messages as they are now)."""
    up_to, after = (await room_position(room.id)).event, 0
    while after < up_to:
        page = await events_after(room.id, after, up_to, EXPORT_PAGE)
        if not page:
            return
        for event in page:
            yield event
        after = page[-1].seq


async def jsonl_lines(room: Room) -> AsyncIterator[bytes]:
    """The room's log as JSON Lines: one event per line, as `event_data` has it."""
    async for event in room_events(room):
        yield (json.dumps(event_data(event), ensure_ascii=False) + "\n").encode()


async def room_messages(room: Room) -> AsyncIterator[Message]:
    """Every message of the room up to now, oldest first, with what showing it takes."""
    up_to, after = (await room_position(room.id)).message_id, 0
    while after < up_to:
        page = await (
            Message.filter(room_id=room.id, id__gt=after, id__lte=up_to)
            .select_related(*SHOWN_WITH)
            .order_by("id")
            .limit(EXPORT_PAGE)
        )
        if not page:
            return
        await attach_reactions(page)
        for message in page:
            yield message
        after = page[-1].id
