"""What a browser sends over the room's websocket (the htmx ws extension's `ws-send`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChatFrame:
    """A chat message from the composer, with the composer's nonce and the id of the message
    it replies to (if any)."""

    message: str
    client_id: str | None
    reply_to: int | None = None


@dataclass(frozen=True, slots=True)
class ResumeFrame:
    """The page asks for what it missed after `last_seen`: 0 when the room was empty as the
    page loaded, None when the page holds nothing at all (it gets the latest page)."""

    last_seen: int | None


@dataclass(frozen=True, slots=True)
class TypingFrame:
    """The person is typing (the page says only that: no draft text is read)."""


@dataclass(frozen=True, slots=True)
class ReadFrame:
    """The page is in view: the person has read what this socket delivered."""


@dataclass(frozen=True, slots=True)
class BadFrame:
    """A frame that cannot be used; the text is shown to the sender."""

    error: str


Frame = ChatFrame | ResumeFrame | TypingFrame | ReadFrame | BadFrame
#: The composer's nonce (`secrets.token_urlsafe`), or empty.
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{0,64}")


def parse_frame(raw: str | bytes | None) -> Frame:
    """Classify one incoming frame: `message` is a chat message, `last_seen` a resume,
    `action=typing` a typing ping, `action=read` a read mark."""
    if not isinstance(raw, str | bytes):  # an empty binary frame arrives as None
        return BadFrame("That could not be read. Reload the page and try again.")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: deep nesting
        return BadFrame("That could not be read. Reload the page and try again.")
    if not isinstance(data, dict):
        return BadFrame("That could not be read. Reload the page and try again.")
    if data.get("action") == "typing":
        return TypingFrame()
    if data.get("action") == "read":
        return ReadFrame()
    if "message" in data and data.get("action") in (None, ""):
        return _chat_frame(data)
    if "last_seen" in data and data.get("action") in (None, "", "resume"):
        return _resume_frame(data["last_seen"])
    return BadFrame("Unknown request. Reload the page and try again.")


def _chat_frame(data: dict[str, object]) -> Frame:
    message, client_id = data["message"], data.get("client_id")
    if not isinstance(message, str):
        return BadFrame("A message must be text.")
    if client_id is not None and (
        not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id)
    ):
        return BadFrame("That could not be read. Reload the page and try again.")
    try:
        reply_to = _message_id(data.get("reply_to"))
    except ValueError:
        return BadFrame("That could not be read. Reload the page and try again.")
    return ChatFrame(message, client_id or None, reply_to)


def _message_id(value: object) -> int | None:
    """A message id from a form field (a string of digits, or a number), None when empty;
    ValueError when it is no id."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
        return value
    raise ValueError(f"not a message id: {value!r}")


def _resume_frame(last_seen: object) -> Frame:
    if last_seen in (None, ""):
        return ResumeFrame(None)
    if isinstance(last_seen, str) and last_seen.isascii() and last_seen.isdigit():
        return ResumeFrame(int(last_seen))
    if isinstance(last_seen, int) and not isinstance(last_seen, bool) and last_seen >= 0:
        return ResumeFrame(last_seen)
    return BadFrame("That could not be read. Reload the page and try again.")
