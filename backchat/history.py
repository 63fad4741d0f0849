"""Reading a room's history in pages: the latest messages, the page before a message, the
page after one, and the messages around one (a permalink). Every read walks the
(room, id) index, so its cost does not grow with the room."""

from __future__ import annotations

from dataclasses import dataclass

from backchat.models import Message
from backchat.reactions import attach_reactions

#: What showing a message reads with it: its author, room, and the message it replies to.
SHOWN_WITH = ("author", "room", "reply_to__author")


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """Some consecutive messages of a room, oldest first.

    `older`: messages come before them (the page shows a marker that loads them); `start`: the
    first of them is the room's first; `newer_through`: set when messages after them, up to
    and including this id, are not shown yet (a "newer messages" button loads them).
    """

    messages: list[Message]
    older: bool
    start: bool
    newer_through: int | None = None


async def history_page(room_id: int, size: int, up_to_id: int | None = None) -> HistoryPage:
    """The latest `size` messages of a room (up to an id)."""
    found = await recent_messages(room_id, size + 1, up_to_id)
    shown = found[-size:]
    await attach_reactions(shown)
    older = len(found) > size
    return HistoryPage(shown, older=older, start=bool(shown) and not older)


async def newer_page(room_id: int, size: int, after_id: int, through_id: int) -> HistoryPage:
    """The `size` messages after `after_id`, up to `through_id`; `newer_through` says there are
    more before `through_id`."""
    found = await _messages_after(room_id, size + 1, after_id, through_id)
    shown = found[:size]
    await attach_reactions(shown)
    more = len(found) > size
    return HistoryPage(shown, older=False, start=False, newer_through=through_id if more else None)


async def history_around(
    room_id: int, message_id: int, size: int, through_id: int | None
) -> HistoryPage:
    """About `size` messages around one (half before it), up to `through_id` (the room's
    newest, as the page stands)."""
    half = size // 2
    before = await recent_messages(room_id, half + 2, up_to_id=message_id)
    older = len(before) > half + 1
    after = await _messages_after(room_id, half + 1, message_id, through_id)
    shown = before[-(half + 1) :] + after[:half]
    await attach_reactions(shown)
    more_after = len(after) > half
    return HistoryPage(
        shown,
        older=older,
        start=not older,
        newer_through=through_id if more_after else None,
    )


async def recent_messages(room_id: int, limit: int, up_to_id: int | None = None) -> list[Message]:
    """The latest `limit` messages of a room (up to an id), oldest first, with what showing
    them takes (`SHOWN_WITH`)."""
    query = Message.filter(room_id=room_id)
    if up_to_id is not None:
        query = query.filter(id__lte=up_to_id)
    newest_first = await query.order_by("-id").limit(limit).select_related(*SHOWN_WITH)
    return newest_first[::-1]


async def _messages_after(
    room_id: int, limit: int, after_id: int, through_id: int | None
) -> list[Message]:
    """The first `limit` messages of a room after an id (up to another), oldest first."""
    query = Message.filter(room_id=room_id, id__gt=after_id)
    if through_id is not None:
        query = query.filter(id__lte=through_id)
    return await query.order_by("id").limit(limit).select_related(*SHOWN_WITH)
