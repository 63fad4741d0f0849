"""Reactions: a small fixed set of emoji that people put on messages, and reading who put which
on the messages about to be shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backchat.models import Message, Reaction

#: The emoji people may react with, in the order they are shown.
EMOJI = ("👍", "❤️", "😂", "🎉", "😮", "😢")


@dataclass(frozen=True, slots=True)
class ReactionCount:
    """One emoji on a message, and who put it there (in the order they did)."""

    emoji: str
    usernames: list[str]


async def attach_reactions(messages: Sequence[Message]) -> None:
    """Give each message its `reaction_counts` (in `EMOJI` order), in one query for all."""
    by_message: dict[int, dict[str, list[str]]] = {message.id: {} for message in messages}
    if by_message:
        rows = (
            await Reaction.filter(message_id__in=list(by_message))
            .order_by("id")
            .values_list("message_id", "emoji", "user__username")
        )
        for message_id, emoji, username in rows:
            by_message[message_id].setdefault(emoji, []).append(username)
    for message in messages:
        found = by_message[message.id]
        message.reaction_counts = [ReactionCount(e, found[e]) for e in EMOJI if e in found]
