"""Messages: validating and saving them (in order, several in one transaction), and history
reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from backchat.models import LoginSession, Message, Room, User
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
class Draft:
    """A cleaned message waiting to be saved."""

    author: User
    body: str
    client_id: str | None = None
    #: The login session it was sent from; None for senders without one (the CLI).
    session_id: str | None = None


Saved = tuple[Message, int]


async def save_message(room: Room, author: User, body: str, client_id: str | None = None) -> Saved:
    """Save a cleaned message and return it with the room's previous message id (0 if none)."""
    (result,) = await save_messages(room, [Draft(author, body, client_id)])
    if isinstance(result, DuplicateSend):
        raise result
    return result


Refusal = DuplicateSend | SessionEnded


async def save_messages(room: Room, drafts: Sequence[Draft]) -> list[Saved | Refusal]:
    """Save messages to one room in one transaction, in order; for each, the saved message and
    its predecessor's id, `DuplicateSend` when its author already sent its nonce, or
    `SessionEnded` when it was sent from a session that has ended since.

    The room row is written first, so concurrent saves to one room queue up behind each
    other: ids within a room follow commit order, and each message knows its predecessor.
    Nonces are checked only when the database refuses one (a repeated send is rare).
    """
    try:
        return await _save_in_order(room, drafts, check_nonces=False)
    except IntegrityError:
        return await _save_in_order(room, drafts, check_nonces=True)


async def _save_in_order(
    room: Room, drafts: Sequence[Draft], check_nonces: bool
) -> list[Saved | Refusal]:
    now = datetime.now(UTC)
    async with in_transaction():
        await Room.filter(id=room.id).update(last_activity_at=now)
        newest_id, previous = await _newest_message(room.id)
        sent = await _nonces_sent(drafts) if check_nonces else set()
        ended = await _ended_sessions(drafts)
        outcomes: list[Message | Refusal] = []
        for draft in drafts:
            if draft.session_id in ended:
                outcomes.append(SessionEnded(draft.session_id))
                continue
            nonce = (draft.author.id, draft.client_id)
            if draft.client_id and nonce in sent:
                outcomes.append(DuplicateSend(draft.client_id))
                continue
            sent.add(nonce)
            outcomes.append(
                Message(
                    room=room,
                    author=draft.author,
                    body=draft.body,
                    client_id=draft.client_id,
                    created_at=now,
                    continues=_continues_run(previous, draft.author.id, now),
                )
            )
            previous = _Sent(draft.author.id, now)
        new = [outcome for outcome in outcomes if isinstance(outcome, Message)]
        if new:
            await _insert_in_order(room.id, newest_id, new)
            await Room.filter(id=room.id).update(last_message_id=new[-1].id)
    return _chained(outcomes, newest_id)


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


def _chained(outcomes: list[Message | Refusal], prev_id: int) -> list[Saved | Refusal]:
    """Each saved message with its predecessor's id; refusals as they are."""
    results: list[Saved | Refusal] = []
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            results.append(outcome)
        else:
            results.append((outcome, prev_id))
            prev_id = outcome.id
    return results


@dataclass(frozen=True, slots=True)
class _Sent:
    """Who sent a message and when: what grouping the next one depends on."""

    author_id: int
    created_at: datetime


async def _newest_message(room_id: int) -> tuple[int, _Sent | None]:
    """The id of the room's newest message (0 if none) and who sent it when; read inside the
    save transaction, after the room is locked."""
    newest = (
        await Message.filter(id=Subquery(Room.filter(id=room_id).values("last_message_id")))
        .first()
        .values("id", "author_id", "created_at")
    )
    if newest is None:
        return 0, None
    return newest["id"], _Sent(newest["author_id"], newest["created_at"])


async def _nonces_sent(drafts: Sequence[Draft]) -> set[tuple[int, str | None]]:
    """The (author, nonce) pairs among the drafts' that are saved already."""
    nonces = [draft.client_id for draft in drafts if draft.client_id]
    if not nonces:
        return set()
    rows = await Message.filter(
        author_id__in={draft.author.id for draft in drafts}, client_id__in=nonces
    ).values_list("author_id", "client_id")
    return set(rows)


async def _ended_sessions(drafts: Sequence[Draft]) -> set[str | None]:
    """The login sessions among the drafts' that have ended (logged out)."""
    sessions = {draft.session_id for draft in drafts if draft.session_id}
    if not sessions:
        return set()
    live = await LoginSession.filter(id__in=sessions).values_list("id", flat=True)
    return set(sessions - set(live))


def _continues_run(previous: _Sent | None, author_id: int, now: datetime) -> bool:
    """True when the room's previous message is the same author's, sent moments ago."""
    return (
        previous is not None
        and previous.author_id == author_id
        and now - previous.created_at < GROUP_WINDOW
    )


async def recent_messages(
    room_id: int, limit: int, up_to_id: int | None = None, after_id: int | None = None
) -> list[Message]:
    """The latest `limit` messages of a room (up to an id, after another), oldest first, with
    their authors."""
    query = Message.filter(room_id=room_id)
    if up_to_id is not None:
        query = query.filter(id__lte=up_to_id)
    if after_id is not None:
        query = query.filter(id__gt=after_id)
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
