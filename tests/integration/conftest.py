"""Fixtures shared by the tests that talk to a served backchat (each module serves its own
`server`, or asks for `servers`)."""

import pytest

from tests.chat_client import close_all_tabs, people_in_a_room
from tests.server import live_server


@pytest.fixture(name="close_tabs")
async def _close_tabs():
    """Close every tab the test opened (modules ask for it with `usefixtures`)."""
    yield
    await close_all_tabs()


@pytest.fixture(name="room")
def _room(server):
    """alice made a room on the module's server that bob joined: (alice, bob, slug)."""
    return people_in_a_room(server.url)


@pytest.fixture(scope="module", name="servers", params=["in-process", "redis"])
def _servers(request, tmp_path_factory):
    """Two addresses of one backchat for the module's tests: the same process twice (the
    in-process broker), or two processes sharing a database and a Redis."""
    instance = tmp_path_factory.mktemp(request.param) / "instance"
    if request.param == "in-process":
        with live_server(instance) as server:
            yield server.url, server.url
        return
    env = {"REDIS_URL": request.getfixturevalue("module_redis_url")}
    with live_server(instance, env) as first, live_server(instance, env) as second:
        yield first.url, second.url
