"""Arbitrary frames at the room websocket of a real served backchat (hypothesis): nothing a
client sends gets a server error, closes its socket (bar a frame over 64 KiB) or anyone
else's, or saves a message the rules refuse."""

from __future__ import annotations

import asyncio
import json
import unicodedata
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.chat_client import (
    OPEN_TABS,
    Browser,
    Tab,
    close_all_tabs,
    has_message,
    people_in_a_room,
)
from tests.server import LiveServer, live_server

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
# The examples share one server, one room and two open tabs on purpose: state builds up.
SHARED_STATE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
# A test of a known defect fails at its first example: no shrinking (it would cost seconds).
KNOWN_DEFECT = settings(SHARED_STATE, phases=[Phase.explicit, Phase.reuse, Phase.generate])


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


# Text a database can store. Unstorable text (lone surrogates, NUL, other controls) in a message
# or a client_id is a known defect with tests of its own below; once they pass, draw those
# fields from `any_json` too. Every other field gets any text at all.
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
        "message": storable_text | long_text | not_text,
        "client_id": storable_text | not_text,
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
    # An empty binary frame is a defect with a test of its own below.
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
    return message.strip() if isinstance(message, str) else None


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


@pytest.fixture(scope="module", name="server")
def _server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("fuzz-ws") / "instance", UNLIMITED) as server:
        yield server


@pytest.fixture(name="session")
async def _session(server):
    sender, bystander, slug = people_in_a_room(server.url, "Fuzzed room")
    session = Session(server, sender, await bystander.open_tab(slug), slug)
    session.new_log()
    yield session
    await close_all_tabs()


@SHARED_STATE
@given(frame=frames)
async def test_no_frame_breaks_the_server_or_anyone_elses_socket(session, frame):
    tab = await session.sender_tab()
    if isinstance(frame, Oversized):
        await tab.socket.send(frame.frame())
        assert await close_frame_code(tab) == FRAME_TOO_BIG
        session.tab = None
    else:
        if (text := chat_text(frame)) is not None:
            session.sent_texts.add(text)
        await tab.socket.send(frame)
        try:
            await session.probe()
        except ConnectionClosed:
            pytest.fail(f"the socket closed with {tab.socket.close_code} after {frame!r:.200}")
    session.assert_healthy()


header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)


@SHARED_STATE
@given(
    slug=st.sampled_from(["real", "no-such-room"]) | st.binary(max_size=30),
    origin=st.sampled_from(["site", None]) | header_text,
    cookie=st.sampled_from(["real", None]) | header_text.map(lambda t: f"backchat_auth={t}"),
)
async def test_no_handshake_gets_a_server_error(session, slug, origin, cookie):
    path = session.slug if slug == "real" else slug
    if isinstance(path, bytes):
        path = quote(path, safe="")
    headers = {"Cookie": session.sender.cookie_header if cookie == "real" else cookie}
    url = session.server.url
    try:
        socket = await connect(
            url.replace("http://", "ws://") + f"/chat/{path}/",
            origin=url if origin == "site" else origin,
            additional_headers={k: v for k, v in headers.items() if v is not None},
        )
    except InvalidStatus as refused:  # a path that is no websocket route: a plain 404
        assert refused.response.status_code < 500
    else:
        tab = Tab(socket)
        OPEN_TABS.append(tab)
        if (slug, origin, cookie) != ("real", "site", "real"):
            assert await close_frame_code(tab) in REFUSALS
    session.assert_healthy()


def with_one_unstorable_character(characters: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Between two letters, so that no trimming of the message can take it away.
    return st.builds(lambda a, bad, b: f"x{a}{bad}{b}x", storable_text, characters, storable_text)


unstorable_characters = st.characters(categories=("Cs",)) | st.sampled_from(
    [chr(c) for c in [*range(0x20), *range(0x80, 0xA0)] if chr(c) not in "\n\t"]
)


async def assert_refused_with_a_clear_error(session: Session, frame: dict[str, str]) -> None:
    tab = await session.sender_tab()
    before = len(tab.frames)
    await tab.send_json(frame)
    await tab.receive_until(
        lambda _: any("composer-error" in f or "message-body" in f for f in tab.frames[before:]),
        timeout=10,
    )
    reply = "".join(tab.frames[before:])
    assert 'id="composer-error"' in reply and "message-body" not in reply, reply
    assert SAVE_FAILED not in reply, "refused by the database, not by validation"
    await session.probe()
    session.assert_healthy()


@pytest.mark.xfail(
    strict=True,
    reason="known defect (issue 9, first defect): text with a lone surrogate, NUL or another "
    "C0/C1 control is not refused at validation; a surrogate fails the save, a control is saved",
)
@KNOWN_DEFECT
@given(text=with_one_unstorable_character(unstorable_characters))
@example(text="\udfff")
@example(text="a\x00b")
@example(text="bell\x07")
@example(text="line\x85next")
async def test_unstorable_message_text_is_refused_at_validation(session, text):
    await assert_refused_with_a_clear_error(session, {"message": text, "HEADERS": {}})


@pytest.mark.xfail(
    strict=True,
    reason="defect found by the fuzzer: a client_id with a lone surrogate passes validation "
    "and fails the save ('could not be saved', a traceback in the log) instead of a clear error",
)
@KNOWN_DEFECT
@given(client_id=with_one_unstorable_character(st.characters(categories=("Cs",))))
async def test_an_unstorable_client_id_is_refused_at_validation(session, client_id):
    await assert_refused_with_a_clear_error(
        session, {"message": "hello", "client_id": client_id, "HEADERS": {}}
    )


@pytest.mark.xfail(
    strict=True,
    reason="known defect (issue 9): deeply nested JSON raises RecursionError in the frame "
    "parser and the socket closes with 1000",
)
@KNOWN_DEFECT
@given(
    depth=st.integers(1_000, 30_000),
    opener=st.sampled_from(["[", '{"message":', '{"last_seen":', '{"HEADERS":']),
    closed=st.booleans(),
)
async def test_deeply_nested_json_gets_the_usual_error_and_the_socket_lives(
    session, depth, opener, closed
):
    depth = min(depth, (MAX_FRAME_BYTES - 1) // (len(opener) + 1))  # stays under 64 KiB
    closer = "0" + ("]" if opener == "[" else "}") * depth if closed else ""
    tab = await session.sender_tab()
    before = len(tab.frames)
    await tab.socket.send(opener * depth + closer)
    await tab.receive_until(
        lambda _: any('id="composer-error"' in f for f in tab.frames[before:]), timeout=10
    )
    await session.probe()
    session.assert_healthy()


@pytest.mark.xfail(
    strict=True,
    reason="defect found by the fuzzer: Quart hands an empty binary frame to the handler as "
    "None (quart/asgi.py: `event.get('bytes') or event['text']`); frames.parse_frame raises "
    "TypeError from json.loads(None), a traceback is logged and the socket closes with 1000",
)
async def test_an_empty_binary_frame_gets_the_usual_error_and_the_socket_lives(session):
    tab = await session.sender_tab()
    await tab.socket.send(b"")
    await tab.receive_until(lambda text: 'id="composer-error"' in text, timeout=10)
    await session.probe()
    session.assert_healthy()
