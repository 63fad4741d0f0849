"""Fixtures shared by the tests that talk to a served backchat (each module serves its own
`server`)."""

import pytest

from tests.chat_client import close_all_tabs, people_in_a_room


@pytest.fixture(name="close_tabs")
async def _close_tabs():
    """Close every tab the test opened (modules ask for it with `usefixtures`)."""
    yield
    await close_all_tabs()


@pytest.fixture(name="room")
def _room(server):
    """alice made a room on the module's server that bob joined: (alice, bob, slug)."""
    return people_in_a_room(server.url)
