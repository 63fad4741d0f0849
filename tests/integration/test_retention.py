"""Pruning old messages: what is older than the cut goes with everything hanging on it, what
is newer stays exactly as it was; on SQLite and on the real PostgreSQL."""

from datetime import UTC, datetime, timedelta

from tortoise import Tortoise

from backchat.accounts import create_user
from backchat.editing import toggle_reaction
from backchat.events import events_after
from backchat.export import jsonl_lines
from backchat.history import recent_messages
from backchat.messaging import save_message
from backchat.models import Mention, Message, Reaction, RoomEvent
from backchat.retention import PRUNE_BATCH, prune_messages
from backchat.rooms import create_room, join_room
from backchat.search import search_messages, search_terms

PASSWORD = "a long password"


async def backdate(message_ids: list[int], days: int) -> None:
    """Make these messages `days` days old."""
    await Message.filter(id__in=message_ids).update(
        created_at=datetime.now(UTC) - timedelta(days=days)
    )


async def found(user_id: int, query: str) -> list[int]:
    """The ids of the messages a search by this user finds."""
    return [m.id for m in await search_messages(user_id, search_terms(query), 50)]


async def test_pruning_deletes_old_messages_and_what_hangs_on_them_only(db):
    alice, bob = await create_user("alice", PASSWORD), await create_user("bob", PASSWORD)
    room = await create_room("Kept short", alice)
    await join_room(bob, room)
    old = [(await save_message(room, alice, f"old news {n} @bob")).message for n in range(3)]
    await toggle_reaction(room, old[0].id, bob, "👍")
    reply = (await save_message(room, bob, "fresh reply", reply_to_id=old[1].id)).message
    fresh = (await save_message(room, alice, "fresh words")).message
    await backdate([m.id for m in old], days=31)
    assert await Mention.filter(message_id=old[2].id, user_id=bob.id).exists()

    assert await prune_messages(timedelta(days=30)) == 3
    assert [m.id for m in await recent_messages(room.id, 50)] == [reply.id, fresh.id]
    old_ids = [m.id for m in old]
    assert not await Reaction.filter(message_id__in=old_ids).exists()
    assert not await Mention.filter(message_id__in=old_ids).exists()
    assert not await RoomEvent.filter(message_id__in=old_ids).exists()
    assert (await Message.get(id=reply.id)).reply_to_id is None
    assert await found(bob.id, "news") == []
    assert await found(bob.id, "fresh") == [fresh.id, reply.id]
    if Tortoise.get_connection("default").capabilities.dialect == "sqlite":
        index = "SELECT rowid FROM message_search WHERE message_search MATCH 'news'"
        assert await Tortoise.get_connection("default").execute_query_dict(index) == []
    lines = [line async for line in jsonl_lines(room)]
    assert len(lines) == len(await events_after(room.id, 0, 10**9, 100)) > 0
    assert b"old news" not in b"".join(lines)
    assert await prune_messages(timedelta(days=30)) == 0


async def test_the_oldest_message_left_shows_its_author(db):
    alice = await create_user("alice", PASSWORD)
    room = await create_room("Grouped", alice)
    first, second = [(await save_message(room, alice, text)).message for text in ("a", "b")]
    assert (await Message.get(id=second.id)).continues  # grouped under the first
    await backdate([first.id], days=10)
    assert await prune_messages(timedelta(days=7)) == 1
    assert not (await Message.get(id=second.id)).continues


async def test_a_prune_larger_than_a_batch_takes_every_old_message(db):
    alice = await create_user("alice", PASSWORD)
    room = await create_room("Busy", alice)
    for n in range(PRUNE_BATCH + 5):
        await save_message(room, alice, f"m{n}")
    await Message.filter(room_id=room.id).update(created_at=datetime.now(UTC) - timedelta(days=2))
    assert await prune_messages(timedelta(days=1)) == PRUNE_BATCH + 5
    assert not await Message.filter(room_id=room.id).exists()
