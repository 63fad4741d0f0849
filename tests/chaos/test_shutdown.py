"""Graceful shutdown (SIGTERM) of a one-worker server with sockets open and messages in flight:
what was sent is saved, sockets close with 1012, the process exits within hypercorn's
graceful_timeout, and tabs that reconnect to the restarted server miss nothing."""

import asyncio
import signal
import time
import uuid

from backchat import create_app
from backchat.accounts import create_user
from backchat.db import database
from backchat.messaging import NewMessage
from backchat.models import Message
from backchat.rooms import create_room
from tests.chaos.faults import RAISED_LIMITS, acks, graceful_timeout, saved_messages
from tests.chat_client import close_all_tabs, has_message, people_in_a_room
from tests.server import free_port, live_server

SERVICE_RESTART = 1012
IN_FLIGHT = 200
#: A resume replays every message missed, however many stopped the server with it.
ENV = {**RAISED_LIMITS, "RESUME_MAX_MESSAGES": "1000"}


async def seconds_to_exit(process, limit: float) -> float:
    """Wait (without blocking the tabs' event loop) for a process to end; how long it took."""
    start = time.monotonic()
    while process.poll() is None and time.monotonic() - start < limit:
        await asyncio.sleep(0.02)
    return time.monotonic() - start if process.poll() is not None else float("inf")


async def test_a_stopped_server_saves_what_was_sent_closes_with_1012_and_exits_in_time(tmp_path):
    instance, port = tmp_path / "instance", free_port()
    with live_server(instance, ENV, port=port) as server:
        alice, bob, slug = people_in_a_room(server.url)
        bob_tab, alice_tab = await bob.open_tab(slug), await alice.open_tab(slug)
        for tab in (bob_tab, alice_tab):
            await tab.resume(None)  # as the page does when its socket opens
        await alice_tab.say("before the restart")
        await bob_tab.receive_until(has_message("before the restart"))

        in_flight = [f"in flight {n}" for n in range(IN_FLIGHT)]
        for text in in_flight:  # not waiting for any of them to be saved
            await alice_tab.say(text, client_id=uuid.uuid4().hex)
        closed = [asyncio.create_task(tab.close_code(timeout=30)) for tab in (alice_tab, bob_tab)]
        server.process.send_signal(signal.SIGTERM)
        took = await seconds_to_exit(server.process, limit=30)
        codes = await asyncio.gather(*closed)

    assert took < graceful_timeout(), f"exited {took:.1f} s after SIGTERM"
    assert codes == [SERVICE_RESTART, SERVICE_RESTART]
    saved = saved_messages(instance, slug)
    assert [body for _, body in saved] == ["before the restart", *in_flight]
    assert acks(alice_tab.text) <= len(saved)
    assert "Traceback" not in (instance / "server.log").read_text()

    with live_server(instance, ENV, port=port) as restarted:
        bob_again, alice_again = await bob.open_tab(slug), await alice.open_tab(slug)
        await bob_again.resume(bob_tab.last_seen)
        await alice_again.resume(alice_tab.last_seen)
        await alice_again.say("after the restart")
        await bob_again.receive_until(has_message("after the restart"))
        await bob_again.settle()
        ids = [message_id for message_id, _ in saved_messages(restarted.instance, slug)]
        assert len(set(bob_again.message_ids)) == len(bob_again.message_ids)
        assert bob_tab.message_ids + sorted(bob_again.message_ids) == ids
        await close_all_tabs()


async def test_messages_still_being_saved_when_the_app_stops_are_saved(tmp_path, suite_database):
    app = create_app(
        {"DATABASE_URL": suite_database, "INSTANCE_PATH": tmp_path, "SECRET_KEY": "test key"}
    )
    async with app.test_app():
        alice = await create_user("alice", "a long password")
        room = await create_room("Room", alice)
        writer = app.extensions["backchat.hub"].writer
        posted = [writer.submit(room, NewMessage(alice, f"as the app stops {n}")) for n in range(3)]
    # The hub stops (finishing its saves) before the database closes.
    assert all(future.done() and not future.exception() for future in posted)
    async with database(suite_database):
        assert await Message.filter(room_id=room.id).count() == 3
