"""What the websocket fuzzer sends and checks: strategies for frames, and a session holding the
fuzzer's tab, a bystander's tab in the same room and the served app's log and database."""

from __future__ import annotations

import asyncio
import json
import unicodedata
import uuid
from contextlib import suppress
from dataclasses import dataclass, field

from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed

from backchat.text import normalize_newlines
from tests.chat_client import Browser, Tab, has_message
from tests.server import LiveServer

MAX_FRAME_BYTES = 65536  # hypercorn.toml: websocket_max_message_size
FRAME_TOO_BIG = 1009
REFUSALS = {4401, 4403, 4404}
MAX_MESSAGE_CHARS = 4000
SAVE_FAILED = "could not be saved"
# The fuzzer sends far faster than a person: limits that would refuse it are raised.
UNLIMITED = {
    "DATABASE_URL": "",
    "REDIS_URL": "",
    "MESSAGE_RATE_BURST": "1000000",
    "MESSAGE_RATE_PER_SECOND": "1000000",
    "MAX_SOCKETS_PER_USER": "1000",
}


def storable(char: str) -> bool:
    """A character a message may hold: not a lone surrogate, not a control but \\n and \\t."""
    return char in "\n\t" or unicodedata.category(char) not in ("Cs", "Cc")


def saveable(body: object) -> bool:
    """True if the rules allow saving `body` as a message's text."""
    return (
        isinstance(body, str)
        and 0 < len(body) <= MAX_MESSAGE_CHARS
        and body == body.strip()
        and all(storable(char) for char in body)
    )


# Text a database can store, and (below, `any_text`) any text at all: the rules must refuse
# what cannot be stored with a clear error (test_fuzz_websocket.py).
storable_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t"), max_size=40
)
long_text = st.builds(
    lambda n, pad: pad + "a" * n + pad,
    st.integers(MAX_MESSAGE_CHARS - 5, MAX_MESSAGE_CHARS + 5),
    st.sampled_from(["", " ", "\n\t "]),
)
any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
not_text = any_json.filter(lambda value: not isinstance(value, str))
actions = st.sampled_from(["", "resume", "typing", "edit", "delete", "react", "read"])
form_frames = st.fixed_dictionaries(
    {},
    optional={
        "message": storable_text | st.text(max_size=40) | long_text | not_text,
        "client_id": storable_text | st.text(max_size=40) | not_text,
        "action": actions | any_json,
        "last_seen": st.integers().map(str) | any_json,
        "HEADERS": any_json,
    },
)


def as_json(data: object, ascii_only: bool) -> str:
    """JSON text; a lone surrogate can travel only escaped (as json.dumps writes it: \\udfff)."""
    text = json.dumps(data, ensure_ascii=ascii_only)
    try:
        text.encode()
    except UnicodeEncodeError:
        return json.dumps(data)
    return text


frames = st.one_of(
    st.builds(as_json, form_frames | any_json, st.booleans()),
    st.builds(lambda data: json.dumps(data).encode(), form_frames),
    st.text(st.characters(codec="utf-8"), max_size=40),  # NUL and controls too: not JSON
    # An empty binary frame is a defect with a test of its own (test_fuzz_websocket.py).
    st.binary(min_size=1, max_size=64),
    st.builds(
        lambda size, binary: Oversized(size, binary),
        st.integers(MAX_FRAME_BYTES + 1, 2 * MAX_FRAME_BYTES),
        st.booleans(),
    ),
)


@dataclass(frozen=True)
class Oversized:
    """A frame over hypercorn's limit, described rather than shown when an example fails."""

    size: int
    binary: bool

    def frame(self) -> str | bytes:
        if self.binary:
            return b"x" * self.size
        return json.dumps({"message": "x" * (self.size - len('{"message": ""}'))})


def chat_text(frame: str | bytes) -> str | None:
    """The text this frame would post as a chat message, if it is one at all."""
    try:
        data = json.loads(frame)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("action") not in (None, ""):
        return None
    message = data.get("message")
    return normalize_newlines(message).strip() if isinstance(message, str) else None


async def close_frame_code(tab: Tab, timeout: float = 10) -> int | None:
    """The code of the close frame the server sends (what a browser sees), or None."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while tab.socket.protocol.close_rcvd is None and loop.time() < deadline:
        if tab.socket.close_code is not None:
            break  # the connection ended without a close frame
        with suppress(TimeoutError, ConnectionClosed):
            tab.frames.append(await asyncio.wait_for(tab.socket.recv(), 0.1))
    received = tab.socket.protocol.close_rcvd
    return received.code if received else None


@dataclass
class Session:
    """The fuzzer's tab, a bystander's tab in the same room, and what the server wrote."""

    server: LiveServer
    sender: Browser
    bystander: Tab
    slug: str
    tab: Tab | None = None
    sent_texts: set[str] = field(default_factory=set)
    log_offset: int = 0

    def __repr__(self) -> str:
        return f"Session(room {self.slug!r})"

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # how hypothesis shows an example
        printer.text(repr(self))

    async def sender_tab(self) -> Tab:
        """The fuzzer's open tab (a new one once a frame has closed the last)."""
        if self.tab is None or self.tab.socket.close_code is not None:
            self.tab = await self.sender.open_tab(self.slug)
        return self.tab

    async def probe(self) -> None:
        """A normal message still goes through: the sender and the bystander both get it."""
        text = f"probe {uuid.uuid4().hex}"
        self.sent_texts.add(text)
        tab = await self.sender_tab()
        await tab.say(text, client_id=uuid.uuid4().hex)
        await tab.receive_until(has_message(text), timeout=10)
        await self.bystander.receive_until(has_message(text), timeout=10)
        self.bystander.frames.clear()

    def new_log(self) -> str:
        """What the server logged since the last call."""
        with (self.server.instance / "server.log").open("rb") as log:
            log.seek(self.log_offset)
            text = log.read().decode(errors="replace")
            self.log_offset = log.tell()
        return text

    def assert_healthy(self) -> None:
        """No error in the server's log, the bystander's socket open, nothing bad saved."""
        logged = self.new_log()
        assert "Traceback" not in logged and "[ERROR]" not in logged, logged
        assert '" 500 ' not in logged, logged
        assert self.bystander.socket.close_code is None
        saved = self.server.saved_bodies(self.slug)
        assert [body for body in saved if not saveable(body)] == []
        assert set(saved) <= self.sent_texts


header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)


def with_one_unstorable_character(characters: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Between two letters, so that no trimming of the message can take it away.
    return st.builds(lambda a, bad, b: f"x{a}{bad}{b}x", storable_text, characters, storable_text)


# Carriage returns are not among them: the rules save "\r\n" and a lone "\r" as newlines.
# Not carriage returns: the rules save "\r\n" and a lone "\r" as newlines.
unstorable_characters = st.characters(categories=("Cs",)) | st.sampled_from(
    [chr(c) for c in [*range(0x20), *range(0x80, 0xA0)] if chr(c) not in "\n\t\r"]
)
