"""Bots: a room's incoming webhooks. An owner makes one with a name; its secret token is
shown once and kept only as its SHA-256. Posting with the token writes to the room as the
bot's own account (`user.is_bot`: it has no password, so it never signs in), through the same
write path and rate limit as people."""

from __future__ import annotations

import hashlib
import secrets

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backchat.models import Bot, Room, User

TOKEN_PREFIX = "bk_"
NAME_ATTEMPTS = 5
MAX_TOKEN_CHARS = 128


def token_hash(token: str) -> str:
    """What is kept of a token (a long random one needs no slow hash)."""
    return hashlib.sha256(token.encode()).hexdigest()


async def create_bot(room: Room, name: str) -> tuple[Bot, str]:
    """A new bot for the room, named `name` (checked already), and its token (shown once)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    for _ in range(NAME_ATTEMPTS):
        username = f"bot-{secrets.token_hex(4)}"
        try:
            async with in_transaction():
                user = await User.create(
                    username=username,
                    username_key=username,
                    password_hash="!",  # matches no password
                    display_name=name,
                    is_bot=True,
                )
                bot = await Bot.create(room=room, user=user, token_hash=token_hash(token))
        except IntegrityError:
            continue  # someone is called that already; draw again
        return bot, token
    raise RuntimeError("no free name for a bot")


async def bot_for_token(token: str) -> Bot | None:
    """The bot this token belongs to (with its room and account), or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_CHARS:
        return None
    return await Bot.get_or_none(token_hash=token_hash(token)).select_related("room", "user")


async def bots_of(room: Room) -> list[Bot]:
    """The room's bots (with their accounts), oldest first."""
    return await Bot.filter(room_id=room.id).select_related("user").order_by("id")


async def delete_bot(room: Room, bot_id: int) -> bool:
    """Remove one of the room's bots: its token stops working at once, and what it said
    stays (its account is kept, deactivated). True if there was such a bot."""
    bot = await Bot.get_or_none(id=bot_id, room_id=room.id)
    if bot is None:
        return False
    async with in_transaction():
        await User.filter(id=bot.user_id).update(is_active=False)  # type: ignore[attr-defined]
        await bot.delete()
    return True
