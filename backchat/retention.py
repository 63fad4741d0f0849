"""Keeping a room's history for a limited time: old messages are deleted for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from backchat.models import Message

#: Messages deleted per transaction, so a long prune never holds the database for long.
PRUNE_BATCH = 1000


async def prune_messages(older_than: timedelta) -> int:
    """Delete every message saved more than `older_than` ago, with its reactions, mentions and
    log events (a reply to one keeps its place and loses its quote): how many went.

    Each room's oldest remaining message then starts a group, so it shows its author."""
    cutoff = datetime.now(UTC) - older_than
    pruned, rooms = 0, set()
    while True:
        async with in_transaction():
            batch = await (
                Message.filter(created_at__lt=cutoff)
                .order_by("id")
                .limit(PRUNE_BATCH)
                .values_list("id", "room_id")
            )
            if not batch:
                break
            await Message.filter(id__in=[message_id for message_id, _ in batch]).delete()
        pruned += len(batch)
        rooms.update(room_id for _, room_id in batch)
    for room_id in rooms:
        oldest = await Message.filter(room_id=room_id).order_by("id").first()
        if oldest is not None and oldest.continues:
            await Message.filter(id=oldest.id).update(continues=False)
    return pruned
