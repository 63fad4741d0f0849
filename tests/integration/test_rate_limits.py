"""The per-person message rate limit, seen from the websocket: an over-limit message is not
saved, its text stays in the composer and the sender is told when to try again; with Redis the
limit is shared by every worker."""

import re

from tests.chat_client import close_all_tabs, has_message, people_in_a_room
from tests.server import live_server

LOW_LIMIT = {"MESSAGE_RATE_BURST": "3", "MESSAGE_RATE_PER_SECOND": "0.1"}
SLOW_DOWN = re.compile(r"Slow down: try again in (\d+) s\.")


async def test_a_message_over_the_rate_limit_is_refused_and_stays_in_the_composer(tmp_path):
    with live_server(tmp_path / "instance", LOW_LIMIT) as server:
        alice, bob, slug = people_in_a_room(server.url)
        tab = await alice.open_tab(slug)
        for n in range(3):
            await tab.say(f"within the limit {n}")
            await tab.receive_until(lambda t, n=n: t.count('name="client_id"') == n + 1)
        await tab.say("one too many")
        received = await tab.receive_until(lambda t: SLOW_DOWN.search(t) is not None)
        assert 1 <= int(SLOW_DOWN.search(received).group(1)) <= 10
        assert received.count('name="client_id"') == 3  # no fresh composer for the refused one
        bob_tab = await bob.open_tab(slug)
        await bob_tab.say("bob is not limited by alice")
        await bob_tab.receive_until(has_message("bob is not limited by alice"))
        assert server.saved_bodies(slug) == [
            *(f"within the limit {n}" for n in range(3)),
            "bob is not limited by alice",
        ]
        await close_all_tabs()


async def test_the_rate_limit_is_shared_by_workers_through_redis(tmp_path, redis_server):
    env = {**LOW_LIMIT, "REDIS_URL": redis_server.url}
    instance = tmp_path / "instance"
    with live_server(instance, env) as first, live_server(instance, env) as second:
        alice, _, slug = people_in_a_room(first.url)
        tabs = [await alice.open_tab(slug, server_url=s.url) for s in (first, second)]
        for n in range(4):
            await tabs[n % 2].say(f"message {n}")
        await tabs[0].receive_until(lambda t: t.count('class="message-body"') == 3)
        received = [await tab.settle() for tab in tabs]
        assert sum(len(SLOW_DOWN.findall(text)) for text in received) == 1
        assert len(first.saved_bodies(slug)) == 3  # one of the four was refused, on either
        await close_all_tabs()
