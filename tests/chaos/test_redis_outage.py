"""Redis dies mid-chat and comes back: two server processes, people chatting across them the
whole time. Everything accepted during the outage is saved, senders are told live delivery is
paused, and once Redis is back live delivery, the notice and presence recover without a reload,
with every tab holding every message once, in order, and every sidebar counting it."""

import re

from tests.chaos.faults import PAUSED, RAISED_LIMITS, acks, saved_messages
from tests.chat_client import (
    close_all_tabs,
    has_message,
    new_person,
    people_in_a_room,
    room_id_of,
    unread,
)
from tests.server import live_server

_DELIVERY_STATE = re.compile(r'<p id="delivery-state"[^>]*>(.*?)</p>', re.S)


def delivery_state(received: str) -> str:
    """The text of the latest live-delivery notice received ("" once delivery resumed)."""
    states = _DELIVERY_STATE.findall(received)
    return states[-1].strip() if states else ""


async def test_a_redis_outage_mid_chat_loses_nothing_and_everything_recovers_by_itself(
    tmp_path, redis_server
):
    env = {**RAISED_LIMITS, "REDIS_URL": redis_server.url, "PRESENCE_TTL_SECONDS": "3"}
    instance = tmp_path / "instance"
    with live_server(instance, env) as first, live_server(instance, env) as second:
        alice, bob, slug = people_in_a_room(first.url)
        carol = new_person(first.url, "carol")
        carol.join_room(slug)
        room_id = room_id_of(carol, slug)
        carol_home = await carol.open_sidebar(server_url=second.url)  # her home page, open
        alice_tab = await alice.open_tab(slug, server_url=first.url)
        bob_tab = await bob.open_tab(slug, server_url=second.url)
        for tab in (alice_tab, bob_tab):
            await tab.resume(None)
        await alice_tab.say("before the outage")
        await bob_tab.receive_until(has_message("before the outage"))

        redis_server.stop()
        for n in range(3):  # both sides keep talking
            await alice_tab.say(f"alice during the outage {n}")
            await bob_tab.say(f"bob during the outage {n}")
        for tab, who, sent in ((alice_tab, "alice", 4), (bob_tab, "bob", 3)):
            await tab.receive_until(lambda t, sent=sent: acks(t) >= sent)  # all saved
            await tab.receive_until(has_message(f"{who} during the outage 2"))
            assert PAUSED in delivery_state(tab.text)  # told, under the composer's status

        redis_server.start()
        await alice_tab.receive_until(has_message("bob during the outage 2"), timeout=20)
        await bob_tab.receive_until(has_message("alice during the outage 2"), timeout=20)
        for tab in (alice_tab, bob_tab):  # the notice clears by itself
            await tab.receive_until(lambda t: delivery_state(t) == "", timeout=20)
        mark = len(alice_tab.text)
        await carol.open_tab(slug, server_url=second.url)  # presence crosses processes again
        carol_here = f'data-user="{carol.username.lower()}"'
        await alice_tab.receive_until(lambda t: carol_here in t[mark:], timeout=20)
        await alice_tab.say("after the outage")
        await bob_tab.say("bob after the outage")
        await bob_tab.receive_until(has_message("after the outage"))
        await alice_tab.receive_until(has_message("bob after the outage"))
        for tab in (alice_tab, bob_tab):
            await tab.settle()
        # What carol's sidebar missed while Redis was away, it read again once Redis was back.
        await carol_home.receive_until(lambda t: unread(t, room_id) == (9, 0), timeout=20)

        saved = saved_messages(instance, slug)
        assert sorted(body for _, body in saved) == sorted(
            [
                "before the outage",
                *(f"{who} during the outage {n}" for who in ("alice", "bob") for n in range(3)),
                "after the outage",
                "bob after the outage",
            ]
        )
        ids = [message_id for message_id, _ in saved]
        assert alice_tab.message_ids == ids  # every message once, in order, no gap
        assert bob_tab.message_ids == ids
        await close_all_tabs()
