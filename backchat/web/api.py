"""The bot API: `POST /api/rooms/<slug>/messages` with `Authorization: Bearer <token>` and
JSON `{"text": …}` posts to the room as its bot, live, through the people's write path and
rate limit. No cookie and no CSRF token: the bearer token is the credential. Answers
(CLARIFICATIONS 14): 201 `{"id": …}`; 401 a missing or wrong token; 403 another room's; 400
not a JSON object; 413 too large; 422 empty or too long text; 429 over the rate limit."""

from __future__ import annotations

import json
import math
from typing import Any

from quart import Blueprint, ResponseReturnValue, request

from backchat.bots import bot_for_token
from backchat.messaging import InvalidMessage, NewMessage, RateLimited
from backchat.realtime.hub import current_hub

blueprint = Blueprint("api", __name__)
MAX_BODY_BYTES = 64 * 1024


def refusal(status: int, error: str, **headers: str) -> ResponseReturnValue:
    """A JSON error: `{"error": …}`."""
    return {"error": error}, status, {"Cache-Control": "no-store", **headers}


def bearer_token() -> str:
    """The token in the `Authorization: Bearer …` header ("" if there is none)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def json_object() -> dict[str, Any] | None:
    """The request's body as a JSON object, or None."""
    try:
        data = json.loads(await request.get_data())
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


@blueprint.post("/api/rooms/<slug>/messages")
async def post_message(slug: str) -> ResponseReturnValue:
    """Post the JSON body's `text` to the room as the bot whose token this is."""
    bot = await bot_for_token(bearer_token())
    if bot is None:
        return refusal(
            401,
            "A bot token is needed: Authorization: Bearer <token>.",
            **{"WWW-Authenticate": 'Bearer realm="backchat"'},
        )
    if bot.room.slug != slug:
        return refusal(403, "This token posts to another room.")
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return refusal(413, f"The body is at most {MAX_BODY_BYTES} bytes.")
    data = await json_object()
    if data is None or "text" not in data:
        return refusal(400, 'Send a JSON object: {"text": "…"}.')
    try:
        accepted = await current_hub().writer.submit(bot.room, NewMessage(bot.user, data["text"]))
    except InvalidMessage as exc:
        return refusal(422, str(exc))
    except RateLimited as exc:
        return refusal(
            429, "Too many messages: wait a moment.", **{"Retry-After": str(math.ceil(exc.wait))}
        )
    return {"id": accepted.message_id}, 201, {"Cache-Control": "no-store"}
