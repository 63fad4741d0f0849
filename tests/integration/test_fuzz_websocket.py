"""Arbitrary frames at the room websocket of a real served backchat (hypothesis): nothing a
client sends gets a server error, closes its socket (bar a frame over 64 KiB) or anyone
else's, or saves a message the rules refuse."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.chat_client import OPEN_TABS, Tab, close_all_tabs, people_in_a_room
from tests.fuzz_socket import (
    FRAME_TOO_BIG,
    MAX_FRAME_BYTES,
    REFUSALS,
    SAVE_FAILED,
    UNLIMITED,
    Oversized,
    Session,
    chat_text,
    close_frame_code,
    frames,
    header_text,
    unstorable_characters,
    with_one_unstorable_character,
)
from tests.server import live_server

# The examples share one server, one room and two open tabs on purpose: state builds up.
SHARED_STATE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


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


@SHARED_STATE
@given(text=with_one_unstorable_character(unstorable_characters))
@example(text="\udfff")
@example(text="a\x00b")
@example(text="bell\x07")
@example(text="line\x85next")
async def test_unstorable_message_text_is_refused_at_validation(session, text):
    await assert_refused_with_a_clear_error(session, {"message": text, "HEADERS": {}})


@SHARED_STATE
@given(client_id=with_one_unstorable_character(st.characters(categories=("Cs",))))
async def test_an_unstorable_client_id_is_refused_at_validation(session, client_id):
    await assert_refused_with_a_clear_error(
        session, {"message": "hello", "client_id": client_id, "HEADERS": {}}
    )


@SHARED_STATE
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


async def test_an_empty_binary_frame_gets_the_usual_error_and_the_socket_lives(session):
    tab = await session.sender_tab()
    await tab.socket.send(b"")
    await tab.receive_until(lambda text: 'id="composer-error"' in text, timeout=10)
    await session.probe()
    session.assert_healthy()
