"""A worker is killed (SIGKILL) while its people chat: their tabs reconnect to another process
and catch up with no gap and no duplicate, everything they were told is saved is saved, and
the dead worker's presence entries are gone within PRESENCE_TTL_SECONDS."""

import asyncio
import re
import time
import uuid

from tests.chaos.faults import RAISED_LIMITS, acks, saved_messages
from tests.chat_client import close_all_tabs, has_message, new_person, people_in_a_room
from tests.server import live_server

TTL = 3
ENV = {**RAISED_LIMITS, "PRESENCE_TTL_SECONDS": str(TTL), "RESUME_MAX_MESSAGES": "1000"}


def presence_says_gone(received: str, username: str) -> bool:
    """The who's-here list received last leaves `username` out (whole, or as a deletion)."""
    if re.search(rf'id="presence-{re.escape(username)}"[^>]*hx-swap-oob="delete"', received):
        return True
    if '<ul id="presence"' not in received:
        return False
    latest = received.rsplit('<ul id="presence"', 1)[-1].split("</ul>", 1)[0]
    return f'data-user="{username}"' not in latest


async def test_tabs_of_a_killed_worker_reconnect_elsewhere_and_miss_nothing(
    tmp_path, redis_server, figure
):
    env = {**ENV, "REDIS_URL": redis_server.url}
    instance = tmp_path / "instance"
    with live_server(instance, env) as steady, live_server(instance, env) as doomed:
        alice, bob, slug = people_in_a_room(steady.url)
        carol = new_person(steady.url, "carol")  # leaves with the worker, never comes back
        carol.join_room(slug)
        alice_tab = await alice.open_tab(slug, server_url=steady.url)
        bob_tab = await bob.open_tab(slug, server_url=doomed.url)
        carol_tab = await carol.open_tab(slug, server_url=doomed.url)
        for tab in (alice_tab, bob_tab, carol_tab):
            await tab.resume(None)
        carol_name = carol.username.lower()
        await alice_tab.receive_until(lambda t: f'data-user="{carol_name}"' in t)

        for n in range(10):
            await alice_tab.say(f"alice {n}")
            await bob_tab.say(f"bob {n}")
        await bob_tab.receive_until(lambda t: t.count('class="message-body"') >= 20)

        async def keep_talking() -> None:  # alice goes on through the crash and reconnect
            for n in range(1000):
                await alice_tab.say(f"alice talking {n}")
                await asyncio.sleep(0.02)

        talking = asyncio.create_task(keep_talking())
        bob_sent = [f"bob in flight {n}" for n in range(5)]
        for text in bob_sent:
            await bob_tab.say(text, client_id=uuid.uuid4().hex)
        await asyncio.sleep(0.3)
        doomed.crash()
        crashed = time.monotonic()
        mark = len(alice_tab.text)

        bob_again = await bob.open_tab(slug, server_url=steady.url)
        await bob_again.resume(bob_tab.last_seen)
        await alice_tab.receive_until(lambda t: presence_says_gone(t[mark:], carol_name), 4 * TTL)
        gone_after = time.monotonic() - crashed
        talking.cancel()
        await alice_tab.say("after the crash")
        await bob_again.receive_until(has_message("after the crash"), timeout=10)
        await bob_again.settle()

        saved = saved_messages(instance, slug)
        ids = [message_id for message_id, _ in saved]
        assert len(set(bob_again.message_ids)) == len(bob_again.message_ids)
        assert bob_tab.message_ids + sorted(bob_again.message_ids) == ids  # no gap, no repeat
        bob_saved = [body for _, body in saved if body.startswith("bob in flight")]
        told_saved = acks(bob_tab.text) - 10  # bob's first ten were acknowledged too
        assert bob_saved[:told_saved] == bob_sent[:told_saved]
        # Entries expire TTL after their last refresh (every TTL/3), plus one refresh here.
        assert gone_after < 2 * TTL, f"the dead worker's presence stayed {gone_after:.1f} s"
        figure(f"a killed worker's presence gone after {gone_after:.1f} s (TTL {TTL} s)")
        await close_all_tabs()
