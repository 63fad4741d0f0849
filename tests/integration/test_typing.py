"""'alice is typing…': shown to the others in the room, on every process, until she sends or
stops; never to herself; nothing of a draft is kept or logged."""

import asyncio
import re

import pytest

from tests.chat_client import has_message, new_person, people_in_a_room
from tests.server import live_server

pytestmark = pytest.mark.usefixtures("close_tabs")

TYPING = re.compile(r'<p id="typing"[^>]*>([^<]*)</p>')
DRAFT = "my secret half-written draft"


@pytest.fixture(scope="module", name="server")
def _server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("typing") / "instance", {}) as server:
        yield server


def typing_line(received: str) -> str | None:
    """The latest typing line a tab was sent (None if none was)."""
    lines = TYPING.findall(received)
    return lines[-1] if lines else None


async def ping(tab) -> None:
    """What the page's hidden typing form sends (a client may add anything: it is ignored)."""
    await tab.send_json({"action": "typing", "message": DRAFT})


async def alice_types_and_bob_sees_it(server):
    """alice and bob in a room, each with a tab; alice pings and bob is told."""
    alice, bob, slug = people_in_a_room(server.url)
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    await bob_tab.settle(0.2)
    await ping(alice_tab)
    await bob_tab.receive_until(lambda t: typing_line(t) == f"{alice.username} is typing…")
    return alice, bob, slug, alice_tab, bob_tab


async def test_the_others_see_who_is_typing_until_they_send(server):
    alice, bob, slug, alice_tab, bob_tab = await alice_types_and_bob_sees_it(server)

    await ping(bob_tab)
    await alice_tab.receive_until(lambda t: typing_line(t) == f"{bob.username} is typing…")
    # Each reader is left out of their own line.
    await bob_tab.settle(0.3)
    assert typing_line(bob_tab.text) == f"{alice.username} is typing…"

    # Someone else sees both; a tab opened later is told at once.
    carol = new_person(server.url, "carol")
    carol.join_room(slug)
    carol_tab = await carol.open_tab(slug)
    both = f"{alice.username} and {bob.username} are typing…"
    await carol_tab.receive_until(lambda t: typing_line(t) == both)

    # Sending ends it at once, well before a ping's time is up.
    await alice_tab.say("done typing")
    await bob_tab.receive_until(has_message("done typing"))
    await bob_tab.receive_until(lambda t: typing_line(t) == "", timeout=1.5)
    assert DRAFT not in alice_tab.text + bob_tab.text + carol_tab.text


async def test_the_line_goes_a_few_seconds_after_the_last_ping(server):
    alice, _, _, alice_tab, bob_tab = await alice_types_and_bob_sees_it(server)
    started = asyncio.get_running_loop().time()
    await bob_tab.receive_until(lambda t: typing_line(t) == "", timeout=8)
    gone_after = asyncio.get_running_loop().time() - started
    assert 3 < gone_after < 6, gone_after
    # She was never shown to herself.
    assert all(alice.username not in line for line in TYPING.findall(await alice_tab.settle()))
    log = (server.instance / "server.log").read_text(errors="replace")
    assert DRAFT not in log
