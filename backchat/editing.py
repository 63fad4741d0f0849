"""Changing saved messages: their authors edit or delete them (a room's owner may delete any),
members react to them; each change an event in the room's log, written in the same
transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from backchat.events import DELETED, EDITED, REACTED, lock_room, record_event
from backchat.mentions import replace_mentions
from backchat.models import Message, Reaction, Room, RoomEvent, User
from backchat.ownership import may_moderate
from backchat.reactions import EMOJI, attach_reactions


class NoSuchMessage(LookupError):
    """No message with that id in that room (or it was deleted): answered like a missing page."""


class NotYours(PermissionError):
    """The message is someone else's to change."""


class UnknownEmoji(ValueError):
    """Not one of the emoji people may react with."""


async def edit_message(room: Room, message_id: int, editor: User, body: str) -> RoomEvent | None:
    """Replace the text of the editor's own message (cleaned already); its `edited` event, or
    None when the text is unchanged."""
    async with in_transaction():
        message = await _locked_message(room, message_id)
        if message.author_id != editor.id:
            raise NotYours("Only its author can edit a message.")
        if message.body == body:
            return None
        message.body, message.edited_at = body, datetime.now(UTC)
        await message.save(update_fields=["body", "edited_at"])
        await replace_mentions(message)
        await attach_reactions([message])
        return await record_event(room, EDITED, message)


async def delete_message(room: Room, message_id: int, actor: User | None) -> RoomEvent:
    """Delete a message (its author's; any, for the room's owners, site admins and the
    operator's CLI, `actor` None): it keeps its place in the room as "message deleted", and
    its text is gone; its `deleted` event."""
    async with in_transaction():
        message = await _locked_message(room, message_id)
        theirs = actor is not None and message.author_id != actor.id
        if theirs and not await may_moderate(actor, room):
            raise NotYours("Only its author or the room's owners can delete a message.")
        message.body, message.deleted_at = "", datetime.now(UTC)
        await message.save(update_fields=["body", "deleted_at"])
        await replace_mentions(message)
        return await record_event(room, DELETED, message)


async def toggle_reaction(room: Room, message_id: int, user: User, emoji: str) -> RoomEvent:
    """Put the emoji on the message for this person, or take it off if it is there; the
    `reacted` event (its message with every reaction as it is now)."""
    if emoji not in EMOJI:
        raise UnknownEmoji(f"React with one of {' '.join(EMOJI)}.")
    async with in_transaction():
        message = await _locked_message(room, message_id)
        mine = Reaction.filter(message_id=message.id, user_id=user.id, emoji=emoji)
        if not await mine.delete():
            await Reaction.create(message_id=message.id, user_id=user.id, emoji=emoji)
        await attach_reactions([message])
        return await record_event(room, REACTED, message)


async def _locked_message(room: Room, message_id: int) -> Message:
    """The room's message, read after locking the room's row (its changes queue up there)."""
    await lock_room(room.id)
    found = Message.filter(id=message_id, room_id=room.id, deleted_at=None)
    message = await found.select_related("author", "reply_to__author").first()
    if message is None:
        raise NoSuchMessage(message_id)
    message.room = room
    return message
