"""Mentions: the people a message names (`@username`), kept as rows so that each person's
list of mentions reads newest first on one index, in the rooms they are in."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Subquery

from backchat.formatting import mentioned
from backchat.history import SHOWN_WITH
from backchat.models import Membership, Mention, Message, User


async def record_mentions(messages: Sequence[Message]) -> None:
    """Rows for the people the saved messages name (not their authors: naming yourself is no
    news), inside the transaction that saves them."""
    names = {name for message in messages for name in mentioned(message.body)}
    if not names:
        return
    users = dict(await User.filter(username_key__in=names).values_list("username_key", "id"))
    rows = [
        Mention(message_id=message.id, user_id=users[name])
        for message in messages
        for name in mentioned(message.body)
        if name in users and users[name] != message.author_id
    ]
    if rows:
        await Mention.bulk_create(rows)


async def replace_mentions(message: Message) -> None:
    """After an edit or a deletion: the message names whom its text names now."""
    await Mention.filter(message_id=message.id).delete()
    await record_mentions([message])


async def mentions_of(user: User, limit: int, before_id: int | None = None) -> list[Message]:
    """The latest `limit` messages that mention the person (before a message id), newest
    first: not deleted, and only in rooms they are a member of."""
    rooms = Subquery(Membership.filter(user_id=user.id).values("room_id"))
    query = Mention.filter(user_id=user.id, message__deleted_at=None, message__room_id__in=rooms)
    if before_id is not None:
        query = query.filter(message_id__lt=before_id)
    found = (
        await query.order_by("-message_id")
        .limit(limit)
        .select_related(*(f"message__{related}" for related in SHOWN_WITH))
    )
    return [mention.message for mention in found]
