"""The write path of this process: every change to a room, whoever makes it, validated,
saved with its event in the room's log, rendered once and published on the room's channel.

New messages from all its sockets are saved room by room in batches (everything waiting for a
room goes in one transaction) and published in order as one envelope: a busy room then costs
one transaction and one publish per batch instead of per message, and a message never waits
behind other messages' separate saves. Edits, deletions, reactions, the room's settings and
its members joining, leaving or being removed or promoted are saved one at a time.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass, replace

from backchat.editing import delete_message, edit_message, toggle_reaction
from backchat.limits import TokenBucket
from backchat.messaging import (
    InvalidMessage,
    NewMessage,
    RateLimited,
    clean_body,
    save_messages,
)
from backchat.metrics import MESSAGES_SAVED, RATE_LIMITED
from backchat.models import Membership, Room, RoomEvent, User
from backchat.ownership import change_room, leave_room, promote, remove_member
from backchat.realtime.broker import Broker, BrokerUnavailable
from backchat.realtime.envelopes import Event, EventsEnvelope, publish_to_room
from backchat.realtime.fragments import Fragments
from backchat.rooms import join_room

log = logging.getLogger(__name__)

#: The most messages saved in one transaction.
MAX_PER_TRANSACTION = 100


@dataclass(frozen=True, slots=True)
class Accepted:
    """A message the writer saved: its id, and whether it went out to every process (False:
    the broker is down, and only this process's sockets got it)."""

    message_id: int
    live: bool


_Waiting = tuple[NewMessage, "asyncio.Future[Accepted]"]


class MessageWriter:
    """Saves and publishes changes to rooms: new messages with one writer task per room while
    it has messages waiting, every other change as it comes."""

    def __init__(
        self, broker: Broker, fragments: Fragments, rate_limit: TokenBucket, max_chars: int
    ) -> None:
        self._broker = broker
        self._fragments = fragments
        self._rate_limit = rate_limit
        self._max_chars = max_chars
        self._waiting: dict[int, list[_Waiting]] = {}
        self._writers: dict[int, asyncio.Task[None]] = {}

    def submit(self, room: Room, new: NewMessage) -> asyncio.Future[Accepted]:
        """Queue a message for saving and publishing, after every message queued before it.
        The future holds it as `Accepted` once it is saved and published, or why it was not
        saved (`InvalidMessage` if its
        text breaks the rules, `DuplicateSend` if its author sent this nonce before,
        `SessionEnded` if its session ended, `RateLimited` if its author is over the message
        rate limit). The save goes ahead whether or not anyone waits for it."""
        posted = asyncio.get_running_loop().create_future()
        try:
            body = clean_body(new.body, self._max_chars)
        except InvalidMessage as exc:
            posted.set_exception(exc)
            return posted
        # Every message gets a nonce: saving it again is refused.
        new = replace(new, body=body, client_id=new.client_id or secrets.token_urlsafe(16))
        self._waiting.setdefault(room.id, []).append((new, posted))
        if room.id not in self._writers:
            self._writers[room.id] = asyncio.create_task(self._write(room))
        return posted

    async def edit(self, room: Room, message_id: int, editor: User, body: str) -> None:
        """Replace the text of the editor's own message and show the change to everyone
        (`InvalidMessage`, `NoSuchMessage` or `NotYours` when it cannot be done)."""
        body = clean_body(body, self._max_chars)
        await self._publish_change(room, await edit_message(room, message_id, editor, body))

    async def delete(self, room: Room, message_id: int, actor: User) -> None:
        """Delete a message (the actor's own, or any in a room they own) for everyone."""
        await self._publish(room, [await delete_message(room, message_id, actor)])

    async def react(self, room: Room, message_id: int, user: User, emoji: str) -> None:
        """Toggle the person's emoji on a message, for everyone (`UnknownEmoji`,
        `NoSuchMessage`)."""
        await self._publish(room, [await toggle_reaction(room, message_id, user, emoji)])

    async def change_room(self, room: Room, name: str, visibility: str) -> None:
        """Rename the room and set who may join it, for everyone in it
        (`InvalidRoomChange`)."""
        await self._publish_change(room, await change_room(room, name, visibility))

    async def join(self, user: User, room: Room) -> bool:
        """Make `user` a member of the room, among the members for everyone in it; True if
        they were not one already (`Banned`, `NotJoinable`)."""
        return await self._publish_change(room, await join_room(user, room))

    async def leave(self, user: User, room: Room) -> bool:
        """`user` leaves the room, gone from the members for everyone in it; True if they
        were a member (`OwnersStay`)."""
        return await self._publish_change(room, await leave_room(user, room))

    async def remove(self, room: Room, membership: Membership) -> bool:
        """An owner removes a member, gone from the members for everyone in it; True if they
        were still one (`OwnersStay`)."""
        return await self._publish_change(room, await remove_member(room, membership))

    async def promote(self, room: Room, membership: Membership) -> bool:
        """Make a member one of the room's owners, marked so for everyone in it; True if they
        were not one already."""
        return await self._publish_change(room, await promote(room, membership))

    async def stop(self) -> None:
        """Finish every save under way."""
        await asyncio.gather(*self._writers.values(), return_exceptions=True)

    async def _write(self, room: Room) -> None:
        try:
            while waiting := self._waiting.pop(room.id, None):
                batch, rest = waiting[:MAX_PER_TRANSACTION], waiting[MAX_PER_TRANSACTION:]
                if rest:
                    self._waiting[room.id] = rest
                await self._save(room, await self._within_rate_limit(batch))
        finally:
            del self._writers[room.id]

    async def _within_rate_limit(self, batch: list[_Waiting]) -> list[_Waiting]:
        """The messages their authors' rate limit lets through (one round trip for the batch);
        the others are refused with how long to wait."""
        waits = await self._rate_limit.take_each([new.author.id for new, _ in batch])
        allowed = []
        for (new, posted), wait in zip(batch, waits, strict=True):
            if wait is None:
                allowed.append((new, posted))
            else:
                RATE_LIMITED.labels("messages").inc()
                if not posted.done():
                    posted.set_exception(RateLimited(wait))
        return allowed

    async def _save(self, room: Room, batch: list[_Waiting], alone: bool = False) -> None:
        """Save a batch; if that fails, save each of its messages again on its own, so that a
        message the database refuses fails alone. Saving again is safe: should a failure come
        after the commit, the message's nonce refuses the repeat (`DuplicateSend`)."""
        if not batch:
            return
        try:
            # Each save runs in a task of its own. When the database drops a connection during
            # a transaction, tortoise can fail to release it and then never resets the task's
            # current connection: every later save in that task would run as a savepoint of the
            # dead transaction and fail, for as long as the room stays busy.
            results = await asyncio.create_task(save_messages(room, [new for new, _ in batch]))
        except Exception as exc:
            if not alone:
                for waiting in batch:
                    await self._save(room, [waiting], alone=True)
                return
            _, posted = batch[0]
            if not posted.done():  # the database refused it: its sender hears of it
                posted.set_exception(exc)
            return
        saved = [r for r in results if isinstance(r, RoomEvent)]
        MESSAGES_SAVED.inc(len(saved))
        live = await self._publish(room, saved)
        for (_, posted), result in zip(batch, results, strict=True):
            if posted.done():
                continue  # the sender stopped waiting; its message is saved all the same
            if isinstance(result, Exception):
                posted.set_exception(result)
            else:
                posted.set_result(Accepted(result.message_id, live))

    async def _publish_change(self, room: Room, event: RoomEvent | None) -> bool:
        """Publish the event of a change, if there was one; whether there was."""
        if event is not None:
            await self._publish(room, [event])
        return event is not None

    async def _publish(self, room: Room, events: list[RoomEvent]) -> bool:
        """Publish the room's new events as one envelope; False if only this process's
        sockets got it."""
        if not events:
            return True
        envelope = EventsEnvelope(tuple(Event.of(e, self._fragments.event(e)) for e in events))
        try:
            await publish_to_room(self._broker, room.id, envelope)
        except BrokerUnavailable:
            return False
        except Exception:  # saved all the same: the room's feeds read them as a gap
            log.exception("publishing a room's events failed")
            return False
        return True
