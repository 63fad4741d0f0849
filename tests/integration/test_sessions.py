"""Sessions that end stop talking: their sockets close with 4401 on every process, and
nothing they send afterwards is saved; one person's sockets are capped."""

import asyncio

import pytest

from tests.chat_client import PASSWORD, Browser, close_all_tabs, has_message, people_in_a_room
from tests.server import live_server

pytestmark = pytest.mark.usefixtures("close_tabs")


@pytest.fixture(scope="module", name="server")
def _server(tmp_path_factory):
    env = {"MAX_SOCKETS_PER_USER": "3"}
    with live_server(tmp_path_factory.mktemp("sessions") / "instance", env) as server:
        yield server


def second_browser(person: Browser) -> Browser:
    """The same person signed in from another device."""
    other = Browser(person.base_url)
    other.post("/auth/login/", {"username": person.username, "password": PASSWORD})
    other.username = person.username
    return other


async def test_a_socket_opened_with_an_ended_session_is_refused_with_4401(server):
    alice, _, slug = people_in_a_room(server.url)
    stale_cookie = alice.cookie_header
    alice.post("/auth/logout/", {})
    tab = await alice.open_tab(slug, cookie=stale_cookie)
    assert await tab.close_code() == 4401
    assert tab.frames == []


async def test_logging_out_closes_that_sessions_open_sockets_and_saves_nothing_after(server):
    alice, bob, slug = people_in_a_room(server.url)
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    alice_elsewhere = await second_browser(alice).open_tab(slug)
    await alice_tab.say("before logging out")
    await bob_tab.receive_until(has_message("before logging out"))
    alice.post("/auth/logout/", {})
    await alice_tab.say("after logging out")
    assert await alice_tab.close_code(timeout=3) == 4401
    await alice_elsewhere.say("from the other device")  # another session: still signed in
    await bob_tab.receive_until(has_message("from the other device"))
    assert server.saved_bodies(slug) == ["before logging out", "from the other device"]


async def test_logging_out_everywhere_closes_every_session_of_that_person(server):
    alice, bob, slug = people_in_a_room(server.url)
    tabs = [await alice.open_tab(slug), await second_browser(alice).open_tab(slug)]
    bob_tab = await bob.open_tab(slug)
    alice.post("/auth/logout/", {"everywhere": "1"})
    codes = await asyncio.gather(*(tab.close_code(timeout=3) for tab in tabs))
    assert codes == [4401, 4401]
    await bob_tab.say("bob stays")
    await bob_tab.receive_until(has_message("bob stays"))
    assert alice.get("/room/" + slug + "/")[0].endswith("/auth/login/?next=/room/" + slug + "/")


async def test_opening_more_sockets_than_the_cap_closes_the_oldest_with_4409(server):
    alice, bob, slug = people_in_a_room(server.url)
    tabs = [await alice.open_tab(slug) for _ in range(4)]
    assert await tabs[0].close_code(timeout=3) == 4409
    for tab in tabs[1:]:
        await tab.say(f"tab {tabs.index(tab)} is open")
    bob_tab = await bob.open_tab(slug)
    await bob_tab.resume(0)
    await bob_tab.receive_until(has_message("tab 3 is open"))
    assert server.saved_bodies(slug) == ["tab 1 is open", "tab 2 is open", "tab 3 is open"]


async def test_logging_out_closes_sockets_on_every_worker(tmp_path, redis_server):
    env = {"REDIS_URL": redis_server.url}
    instance = tmp_path / "instance"
    with live_server(instance, env) as first, live_server(instance, env) as second:
        alice, bob, slug = people_in_a_room(first.url)
        here = await alice.open_tab(slug, server_url=first.url)
        there = await alice.open_tab(slug, server_url=second.url)
        bob_tab = await bob.open_tab(slug, server_url=second.url)
        alice.post("/auth/logout/", {})
        await there.say("sent on the other worker after logging out")
        codes = await asyncio.gather(here.close_code(timeout=3), there.close_code(timeout=3))
        assert codes == [4401, 4401]
        await bob_tab.say("bob is still here")
        await bob_tab.receive_until(has_message("bob is still here"))
        assert first.saved_bodies(slug) == ["bob is still here"]
        await close_all_tabs()


async def test_the_socket_cap_counts_a_persons_sockets_on_every_worker(tmp_path, redis_server):
    env = {"REDIS_URL": redis_server.url, "MAX_SOCKETS_PER_USER": "3"}
    instance = tmp_path / "instance"
    with live_server(instance, env) as first, live_server(instance, env) as second:
        alice, _, slug = people_in_a_room(first.url)
        tabs = []
        for server in (first, second, first, second):
            tabs.append(await alice.open_tab(slug, server_url=server.url))
            await tabs[-1].receive_until(lambda t: "presence" in t)  # set up, in this order
        assert await tabs[0].close_code(timeout=3) == 4409
        for n, tab in enumerate(tabs[1:], 1):
            await tab.say(f"tab {n} is open")
            await tab.receive_until(has_message(f"tab {n} is open"))
        await close_all_tabs()


async def test_a_logout_during_a_redis_outage_closes_other_workers_sockets_once_it_is_back(
    tmp_path, redis_server
):
    env = {"REDIS_URL": redis_server.url}
    instance = tmp_path / "instance"
    with live_server(instance, env) as first, live_server(instance, env) as second:
        alice, _, slug = people_in_a_room(first.url)
        there = await alice.open_tab(slug, server_url=second.url)
        await there.receive_until(lambda t: "presence" in t)
        redis_server.stop()
        alice.post("/auth/logout/", {})  # the news cannot reach the second worker now
        assert await there.close_code(timeout=1) is None
        redis_server.start()  # back: the second worker checks its sockets' sessions
        assert await there.close_code(timeout=15) == 4401
        await close_all_tabs()
