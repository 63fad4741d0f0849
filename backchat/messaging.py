"""Messages: the one write path and the history reads."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from backchat.models import Message, Room, User


class InvalidMessage(ValueError):
    """A message body that cannot be saved; the text says why."""


def clean_body(body: object, max_chars: int) -> str:
    """The trimmed message text, or `InvalidMessage` saying what is wrong with it."""
    if not isinstance(body, str):
        raise InvalidMessage("A message must be text.")
    text = body.strip()
    if not text:
        raise InvalidMessage("Type a message before sending.")
    if len(text) > max_chars:
        raise InvalidMessage(f"Messages are at most {max_chars} characters.")
    return text


async def save_message(room: Room, author: User, body: str) -> Message:
    """Save a message (body already cleaned) and mark the room as active, in one transaction."""
    async with in_transaction():
        message = await Message.create(room=room, author=author, body=body)
        await Room.filter(id=room.id).update(last_activity_at=message.created_at)
    message.author = author
    return message


async def recent_messages(room: Room, limit: int) -> list[Message]:
    """The latest `limit` messages of a room, oldest first, with their authors."""
    newest_first = (
        await Message.filter(room=room).order_by("-id").limit(limit).select_related("author")
    )
    return newest_first[::-1]
