"""Unread: what a member has not read yet in each of their rooms, from how far they have read in
the room's log (`Membership.last_read_event`): new messages by others, and those that mention
them. Counts stop at `COUNT_CAP` (shown as "99+"), so their cost does not grow with a room
left unread for long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backchat.events import POSTED
from backchat.models import Membership, Mention, Room, RoomEvent, User

#: Counting stops here: the sidebar then says "99+".
COUNT_CAP = 100


@dataclass(frozen=True, slots=True)
class Unread:
    """One room's news for one member: new messages by others, and those naming them."""

    messages: int = 0
    mentions: int = 0


async def unread_in(user: User, rooms: Sequence[Room]) -> dict[int, Unread]:
    """Each room's news for the user, by room id (rooms with none are left out). Only rooms
    whose log moved past the member's position are counted: one read for the rest."""
    read = dict(
        await Membership.filter(user_id=user.id, room_id__in=[r.id for r in rooms]).values_list(
            "room_id", "last_read_event"
        )
    )
    news: dict[int, Unread] = {}
    moved = [(r.id, read[r.id]) for r in rooms if r.id in read and r.last_event > read[r.id]]
    for room_id, position in moved:
        fresh = RoomEvent.filter(room_id=room_id, seq__gt=position, kind=POSTED)
        messages = await (
            fresh.exclude(message__author_id=user.id)
            .filter(message__deleted_at=None)
            .limit(COUNT_CAP)
            .values_list("id", flat=True)
        )
        if not messages:
            continue
        mentions = await (
            Mention.filter(
                user_id=user.id,
                message__room_id=room_id,
                message__deleted_at=None,
                message__events__kind=POSTED,
                message__events__seq__gt=position,
            )
            .limit(COUNT_CAP)
            .values_list("id", flat=True)
        )
        news[room_id] = Unread(len(messages), len(mentions))
    return news


async def first_unread(user: User, room_id: int) -> int | None:
    """The first message by others after where the member had read to (None: nothing new)."""
    position = (
        await Membership.filter(user_id=user.id, room_id=room_id)
        .first()
        .values_list("last_read_event", flat=True)
    )
    if position is None:
        return None
    return await (
        RoomEvent.filter(room_id=room_id, seq__gt=position, kind=POSTED)
        .exclude(message__author_id=user.id)
        .order_by("seq")
        .first()
        .values_list("message_id", flat=True)
    )


async def mark_read(user_id: int, room_id: int, position: int) -> bool:
    """The member has read the room up to `position` (never moves back); True if it moved."""
    moved = await Membership.filter(
        user_id=user_id, room_id=room_id, last_read_event__lt=position
    ).update(last_read_event=position)
    return bool(moved)
