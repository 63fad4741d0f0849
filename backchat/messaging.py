"""Messages: the one write path (validate, save, render once, publish) and history reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backchat.broker import Broker, BrokerUnavailable, room_channel
from backchat.envelopes import MessageEnvelope, encode
from backchat.fragments import Fragments
from backchat.models import Message, Room, User

#: Messages from one author this close together are shown as one group.
GROUP_WINDOW = timedelta(minutes=5)


class InvalidMessage(ValueError):
    """A message body that cannot be saved; the text says why."""


class DuplicateSend(Exception):
    """The author already sent a message with this composer nonce (a repeated send)."""


@dataclass(frozen=True, slots=True)
class Posted:
    """A saved message; `live` is False when it reached only this process's sockets."""

    message: Message
    live: bool


def clean_body(body: object, max_chars: int) -> str:
    """The trimmed message text, or `InvalidMessage` saying what is wrong with it."""
    if not isinstance(body, str):
        raise InvalidMessage("A message must be text.")
    text = body.strip()
    if not text:
        raise InvalidMessage("Type a message before sending.")
    if len(text) > max_chars:
        raise InvalidMessage(f"Messages are at most {max_chars} characters ({len(text)} sent).")
    return text


async def save_message(
    room: Room, author: User, body: str, client_id: str | None = None
) -> tuple[Message, int]:
    """Save a cleaned message and return it with the room's previous message id (0 if none).

    The room row is written first, so concurrent saves to one room queue up behind each
    other: ids within a room follow commit order, and each message knows its predecessor.
    """
    try:
        async with in_transaction():
            await Room.filter(id=room.id).update(last_activity_at=datetime.now(UTC))
            prev_id = await last_message_id(room.id)
            message = await Message.create(
                room=room,
                author=author,
                body=body,
                client_id=client_id,
                continues=await _continues_run(prev_id, author),
            )
            await Room.filter(id=room.id).update(
                last_message_id=message.id, last_activity_at=message.created_at
            )
    except IntegrityError as exc:
        if client_id and await Message.exists(author=author, client_id=client_id):
            raise DuplicateSend(client_id) from exc
        raise
    message.author = author
    return message, prev_id or 0


async def _continues_run(prev_id: int, author: User) -> bool:
    """True when the room's previous message is the same author's, sent moments ago."""
    if not prev_id:
        return False
    previous = await Message.filter(id=prev_id).first().values("author_id", "created_at")
    return (
        previous is not None
        and previous["author_id"] == author.id
        and datetime.now(UTC) - previous["created_at"] < GROUP_WINDOW
    )


async def post_message(
    room: Room,
    author: User,
    body: str,
    *,
    client_id: str | None,
    broker: Broker,
    fragments: Fragments,
) -> Posted:
    """Save a cleaned message, render it once and publish it to the room's channel."""
    message, prev_id = await save_message(room, author, body, client_id)
    envelope = MessageEnvelope(message.id, prev_id, fragments.message(message))
    try:
        await broker.publish(room_channel(room.id), encode(envelope))
    except BrokerUnavailable:
        return Posted(message, live=False)
    return Posted(message, live=True)


async def recent_messages(room_id: int, limit: int, up_to_id: int | None = None) -> list[Message]:
    """The latest `limit` messages of a room (up to an id), oldest first, with their authors."""
    query = Message.filter(room_id=room_id)
    if up_to_id is not None:
        query = query.filter(id__lte=up_to_id)
    newest_first = await query.order_by("-id").limit(limit).select_related("author")
    return newest_first[::-1]


async def messages_between(room_id: int, after_id: int, up_to_id: int, limit: int) -> list[Message]:
    """A room's messages with `after_id < id <= up_to_id`, oldest first, at most `limit`."""
    return (
        await Message.filter(room_id=room_id, id__gt=after_id, id__lte=up_to_id)
        .order_by("id")
        .limit(limit)
        .select_related("author")
    )


async def last_message_id(room_id: int) -> int:
    """The id of the room's newest saved message (0 if none)."""
    found = await Room.filter(id=room_id).first().values_list("last_message_id", flat=True)
    return found or 0
