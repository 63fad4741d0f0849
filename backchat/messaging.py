"""Messages: validating and saving them (in order, several in one transaction, each with its
event in the room's log)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backchat.events import POSTED, record_events, room_position
from backchat.mentions import record_mentions
from backchat.models import LoginSession, Message, Room, RoomEvent, User
from backchat.text import body_problem, normalize_newlines

#: Messages from one author this close together are shown as one group.
GROUP_WINDOW = timedelta(minutes=5)


class InvalidMessage(ValueError):
    """A message body that cannot be saved; the text says why."""


class DuplicateSend(Exception):
    """The author already sent a message with this composer nonce (a repeated send)."""


class RateLimited(Exception):
    """The sender is over the message rate limit: not saved; `wait` seconds until they may."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"over the message rate limit for {wait:.1f} s")
        self.wait = wait


class SessionEnded(Exception):
    """The login session the message was sent from has ended (logout): it is not saved."""


def clean_body(body: object, max_chars: int) -> str:
    """The trimmed message text, or `InvalidMessage` saying what is wrong with it."""
    if not isinstance(body, str):
        raise InvalidMessage("A message must be text.")
    text = normalize_newlines(body).strip()
    if not text:
        raise InvalidMessage("Type a message before sending.")
    if len(text) > max_chars:
        raise InvalidMessage(f"Messages are at most {max_chars} characters ({len(text)} sent).")
    problem = body_problem(text)
    if problem:
        raise InvalidMessage(problem)
    return text


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message on its way to being saved (its body cleaned by the write path)."""

    author: User
    body: str
    client_id: str | None = None
    #: The login session it was sent from; None for senders without one (the CLI).
    session_id: str | None = None
    #: The message it replies to: one of the same room's, not deleted (checked on save).
    reply_to_id: int | None = None


async def save_message(
    room: Room,
    author: User,
    body: str,
    client_id: str | None = None,
    reply_to_id: int | None = None,
) -> RoomEvent:
    """Save a cleaned message; its event (with the message) in the room's log."""
    new = NewMessage(author, body, client_id, reply_to_id=reply_to_id)
    (result,) = await save_messages(room, [new])
    if isinstance(result, Exception):
        raise result
    return result


Refusal = DuplicateSend | SessionEnded | InvalidMessage
#: Said when a reply's original is not (or no longer) one of the room's messages.
NO_REPLY_TARGET = "The message you are replying to is not in this room (or was deleted)."


async def save_messages(room: Room, messages: Sequence[NewMessage]) -> list[RoomEvent | Refusal]:
    """Save messages to one room in one transaction, in order; for each, its `posted` event
    (holding the saved message), `DuplicateSend` when its author already sent its nonce,
    `SessionEnded` when it was sent from a session that has ended since, or `InvalidMessage`
    when it replies to a message that is not the room's.

    The room row is written first, so concurrent changes to one room queue up behind each
    other: ids and event positions within a room follow commit order.
    Nonces are checked only when the database refuses one (a repeated send is rare).
    """
    try:
        return await _save_in_order(room, messages, check_nonces=False)
    except IntegrityError:
        return await _save_in_order(room, messages, check_nonces=True)


async def _save_in_order(
    room: Room, messages: Sequence[NewMessage], check_nonces: bool
) -> list[RoomEvent | Refusal]:
    now = datetime.now(UTC)
    async with in_transaction():
        await Room.filter(id=room.id).update(last_activity_at=now)
        position = await room_position(room.id)
        previous = await _newest_message(position.message_id)
        sent = await _nonces_sent(messages) if check_nonces else set()
        ended = await _ended_sessions(messages)
        originals = await _reply_targets(room.id, messages)
        outcomes: list[Message | Refusal] = []
        for new in messages:
            if new.session_id in ended:
                outcomes.append(SessionEnded(new.session_id))
                continue
            if new.reply_to_id and new.reply_to_id not in originals:
                outcomes.append(InvalidMessage(NO_REPLY_TARGET))
                continue
            nonce = (new.author.id, new.client_id)
            if new.client_id and nonce in sent:
                outcomes.append(DuplicateSend(new.client_id))
                continue
            sent.add(nonce)
            message = Message(
                room=room,
                author=new.author,
                body=new.body,
                client_id=new.client_id,
                created_at=now,
                continues=_continues(previous, new.author.id, now),
                reply_to=originals.get(new.reply_to_id) if new.reply_to_id else None,
            )
            outcomes.append(message)
            previous = message
        saved = [outcome for outcome in outcomes if isinstance(outcome, Message)]
        events: list[RoomEvent] = []
        if saved:
            await _insert_in_order(room.id, position.message_id, saved)
            await record_mentions(saved)
            events = await record_events(room.id, position.event, POSTED, saved, now)
            await Room.filter(id=room.id).update(
                last_message_id=saved[-1].id, last_event=events[-1].seq
            )
    posted = iter(events)
    return [next(posted) if isinstance(o, Message) else o for o in outcomes]


async def _insert_in_order(room_id: int, after_id: int, messages: list[Message]) -> None:
    """Insert a room's new messages and give them their ids: one statement for one message;
    for several, one bulk insert and one read of their ids (the room is locked, so its ids
    after `after_id` are theirs, in order)."""
    if len(messages) == 1:
        await messages[0].save()
        return
    await Message.bulk_create(messages)
    ids = (
        await Message.filter(room_id=room_id, id__gt=after_id)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for message, message_id in zip(messages, ids, strict=True):
        message.id = message_id


async def _newest_message(message_id: int) -> Message | None:
    """The room's newest message (what grouping the next one depends on), read inside the
    save transaction, after the room is locked."""
    if not message_id:
        return None
    return await Message.filter(id=message_id).only("id", "author_id", "created_at").first()


async def _nonces_sent(messages: Sequence[NewMessage]) -> set[tuple[int, str | None]]:
    """The (author, nonce) pairs among the messages' that are saved already."""
    nonces = [new.client_id for new in messages if new.client_id]
    if not nonces:
        return set()
    rows = await Message.filter(
        author_id__in={new.author.id for new in messages}, client_id__in=nonces
    ).values_list("author_id", "client_id")
    return set(rows)


async def _reply_targets(room_id: int, messages: Sequence[NewMessage]) -> dict[int, Message]:
    """The messages replied to that are the room's and not deleted (with their authors), by
    id."""
    ids = {new.reply_to_id for new in messages if new.reply_to_id}
    if not ids:
        return {}
    found = Message.filter(id__in=ids, room_id=room_id, deleted_at=None).select_related("author")
    return {message.id: message for message in await found}


async def _ended_sessions(messages: Sequence[NewMessage]) -> set[str | None]:
    """The login sessions among the messages' that have ended (logged out)."""
    sessions = {new.session_id for new in messages if new.session_id}
    if not sessions:
        return set()
    live = await LoginSession.filter(id__in=sessions).values_list("id", flat=True)
    return set(sessions - set(live))


def _continues(previous: Message | None, author_id: int, now: datetime) -> bool:
    """True when the room's previous message is the same author's, sent moments ago."""
    return (
        previous is not None
        and previous.author_id == author_id
        and now - previous.created_at < GROUP_WINDOW
    )
