"""Messages saved but never published (a worker that crashed in between), and sockets too
slow for a burst: the feed reads gaps from the database, slow sockets are cut and catch up."""

import pytest

from backchat.db import database
from backchat.messaging import NewMessage, save_messages
from backchat.models import Room, User
from backchat.realtime.feeds import MAX_RUN
from tests.chat_client import bodies, close_all_tabs, has_message, people_in_a_room
from tests.server import live_server

SLOW_CLIENT = 1013


async def save_without_publishing(server, slug: str, username: str, bodies: list[str]) -> None:
    """What a worker that crashed between saving and publishing leaves behind."""
    async with database(server.database_url):
        room = await Room.get(slug=slug)
        author = await User.get(username_key=username.lower())
        await save_messages(room, [NewMessage(author, body) for body in bodies])


@pytest.fixture(name="server")
async def _server(tmp_path):
    env = {"SOCKET_QUEUE_SIZE": "5", "RESUME_MAX_MESSAGES": "1000"}
    with live_server(tmp_path / "instance", env) as server:
        yield server
        await close_all_tabs()


async def test_an_unpublished_message_is_delivered_in_order_once_the_gap_shows(server):
    alice, bob, slug = people_in_a_room(server.url)
    bob_tab = await bob.open_tab(slug)
    alice_tab = await alice.open_tab(slug)
    await alice_tab.say("first")
    await bob_tab.receive_until(has_message("first"))
    await save_without_publishing(server, slug, alice.username, ["lost in a crash"])
    await alice_tab.say("third")
    received = await bob_tab.receive_until(has_message("third"))
    assert bodies(received) == ["first", "lost in a crash", "third"]
    assert bob_tab.message_ids == sorted(bob_tab.message_ids)


async def test_a_page_loaded_after_unpublished_messages_does_not_get_them_again(server):
    """The page shows them (it read the database); its feed reads them as a gap only when the
    next message comes: the tab must not be sent what its page holds."""
    alice, bob, slug = people_in_a_room(server.url)
    alice_tab = await alice.open_tab(slug)  # the room's feed starts, at position 0
    await save_without_publishing(server, slug, alice.username, ["saved in a crash"])
    page = bob.get(f"/room/{slug}/")[1]
    assert "saved in a crash" in page
    bob_tab = await bob.open_tab(slug)
    await bob_tab.resume(bob.room_position(slug))
    await alice_tab.say("after the crash")
    received = await bob_tab.receive_until(has_message("after the crash"))
    assert bodies(await bob_tab.settle()) == ["after the crash"], received


async def test_a_socket_that_cannot_keep_up_is_cut_and_catches_up(server):
    alice, bob, slug = people_in_a_room(server.url)
    bob_tab = await bob.open_tab(slug)
    await bob_tab.resume(None)
    alice_tab = await alice.open_tab(slug)
    await alice_tab.say("before the burst")
    await bob_tab.receive_until(has_message("before the burst"))
    last_seen = bob.room_position(slug)

    # More than the 5 frames a socket may queue, at MAX_RUN messages a frame.
    burst = [f"burst {n}" for n in range(6 * MAX_RUN)]
    await save_without_publishing(server, slug, alice.username, burst)
    await alice_tab.say("after the burst")
    assert await bob_tab.close_code() == SLOW_CLIENT

    again = await bob.open_tab(slug)
    await again.resume(last_seen)
    received = await again.receive_until(has_message("after the burst"))
    assert bodies(received) == [*burst, "after the burst"]
