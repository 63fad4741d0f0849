"""Several server processes sharing one Redis: delivery, presence and outages."""

import asyncio
import subprocess
import sys
import time

import pytest

from tests.chat_client import (
    bodies,
    close_all_tabs,
    has_message,
    people_in_a_room,
    present_users,
)
from tests.server import ROOT, live_server, migrate


@pytest.fixture(name="two_servers")
async def _two_servers(tmp_path, redis_server):
    """Two app processes on two ports, one database, one Redis."""
    env = {"REDIS_URL": redis_server.url}
    instance = tmp_path / "instance"
    with live_server(instance, env) as first, live_server(instance, env) as second:
        yield first, second
        await close_all_tabs()  # before the servers stop, so that they stop at once


async def one_room_two_processes(first, second):
    """alice (on the first process) and bob (on the second) in one room, each with a tab."""
    alice, bob, slug = people_in_a_room(first.url)
    alice_tab = await alice.open_tab(slug, server_url=first.url)
    bob_tab = await bob.open_tab(slug, server_url=second.url)
    return alice, bob, slug, alice_tab, bob_tab


async def test_a_message_sent_through_one_process_reaches_a_client_of_the_other(two_servers):
    *_, alice_tab, bob_tab = await one_room_two_processes(*two_servers)
    await alice_tab.say("across processes")
    await bob_tab.receive_until(has_message("across processes"))
    await bob_tab.say("and back")
    await alice_tab.receive_until(has_message("and back"))


async def test_simultaneous_senders_on_two_processes_are_seen_in_saved_order(two_servers):
    *_, alice_tab, bob_tab = await one_room_two_processes(*two_servers)

    async def send(tab, who):
        for n in range(20):
            await tab.say(f"{who} {n}")

    await asyncio.gather(send(alice_tab, "alice"), send(bob_tab, "bob"))
    for tab in (alice_tab, bob_tab):
        await tab.receive_until(lambda t: t.count('class="message-body"') >= 40)
    assert alice_tab.message_ids == bob_tab.message_ids == sorted(alice_tab.message_ids)
    assert len(set(alice_tab.message_ids)) == 40


async def test_both_processes_agree_on_who_is_here(two_servers):
    alice, bob, _, alice_tab, bob_tab = await one_room_two_processes(*two_servers)
    both = sorted([alice.username.lower(), bob.username.lower()])
    await alice_tab.receive_until(lambda t: sorted(present_users(t)) == both)
    await bob_tab.receive_until(lambda t: sorted(present_users(t)) == both)
    await bob_tab.close()
    await alice_tab.receive_until(lambda t: present_users(t) == [alice.username.lower()])


async def test_a_client_whose_server_restarts_gets_every_message_once_in_order(
    tmp_path, redis_server
):
    env = {"REDIS_URL": redis_server.url}
    instance = tmp_path / "instance"
    with live_server(instance, env) as steady:
        alice, bob, slug = people_in_a_room(steady.url)
        bob_tab = await bob.open_tab(slug)
        with live_server(instance, env) as restarting:
            alice_tab = await alice.open_tab(slug, server_url=restarting.url)
            await alice_tab.resume(None)
            await bob_tab.say("before the restart")
            await alice_tab.receive_until(has_message("before the restart"))
            await alice_tab.settle()
            last_seen, seen = alice_tab.last_seen, alice_tab.message_ids[-1]
            restarting.crash()
        for n in range(5):
            await bob_tab.say(f"while restarting {n}")
        with live_server(instance, env) as restarted:
            again = await alice.open_tab(slug, server_url=restarted.url)
            await again.resume(last_seen)
            await bob_tab.say("after the restart")
            await again.receive_until(lambda t: t.count('class="message-body"') >= 6)
            await bob_tab.receive_until(has_message("after the restart"))
            await again.settle()
            assert sorted(again.message_ids) == [i for i in bob_tab.message_ids if i > seen]
            assert len(again.message_ids) == 6
            await close_all_tabs()


async def test_a_crashed_workers_tabs_leave_presence_when_their_entries_expire(
    tmp_path, redis_server
):
    env = {"REDIS_URL": redis_server.url, "PRESENCE_TTL_SECONDS": "2"}
    instance = tmp_path / "instance"
    with live_server(instance, env) as first, live_server(instance, env) as doomed:
        alice, bob, slug = people_in_a_room(first.url)
        alice_tab = await alice.open_tab(slug, server_url=first.url)
        await bob.open_tab(slug, server_url=doomed.url)
        both = sorted([alice.username.lower(), bob.username.lower()])
        await alice_tab.receive_until(lambda t: sorted(present_users(t)) == both)
        doomed.crash()  # no goodbye from bob's worker
        await alice_tab.receive_until(
            lambda t: present_users(t) == [alice.username.lower()], timeout=10
        )
        await close_all_tabs()


async def test_a_redis_outage_loses_nothing_and_delivery_resumes_by_itself(
    two_servers, redis_server
):
    first, _ = two_servers
    _, _, slug, alice_tab, bob_tab = await one_room_two_processes(*two_servers)
    await alice_tab.say("before the outage")
    await bob_tab.receive_until(has_message("before the outage"))

    redis_server.stop()
    for n in range(3):
        await alice_tab.say(f"during the outage {n}")
    await alice_tab.receive_until(lambda t: "Live delivery is paused" in t)
    await alice_tab.receive_until(has_message("during the outage 2"))  # this process's sockets

    redis_server.start()
    await bob_tab.receive_until(has_message("during the outage 2"), timeout=20)
    await alice_tab.say("after the outage")
    await bob_tab.receive_until(has_message("after the outage"))
    await bob_tab.settle()
    expected = [
        "before the outage",
        *(f"during the outage {n}" for n in range(3)),
        "after the outage",
    ]
    assert bodies(bob_tab.text) == expected
    assert bob_tab.message_ids == sorted(set(bob_tab.message_ids))
    assert first.saved_bodies(slug) == expected


async def test_a_tab_opened_during_a_redis_outage_still_chats(two_servers, redis_server):
    first, _ = two_servers
    alice, _, slug, alice_tab, _ = await one_room_two_processes(*two_servers)
    redis_server.stop()
    late_tab = await alice.open_tab(slug, server_url=first.url)
    await late_tab.say("from a tab opened while Redis is down")
    await late_tab.receive_until(has_message("from a tab opened while Redis is down"))
    await alice_tab.receive_until(has_message("from a tab opened while Redis is down"))
    assert late_tab.socket.close_code is None  # still open


async def test_the_room_page_still_loads_while_redis_is_down(tmp_path, redis_server):
    with live_server(tmp_path / "instance", {"REDIS_URL": redis_server.url}) as server:
        alice, _, slug = people_in_a_room(server.url)
        tab = await alice.open_tab(slug)
        await tab.say("said before the outage")
        await tab.receive_until(has_message("said before the outage"))
        redis_server.stop()
        deadline = time.monotonic() + 10
        while True:  # every load answers 200 (urllib raises on a 500) with history and composer
            _, page = alice.get(f"/room/{slug}/")
            assert "said before the outage" in page
            assert 'id="composer"' in page
            if "Live delivery is paused" in page:  # once the server has noticed the outage
                break
            assert time.monotonic() < deadline, "the page never said live delivery is paused"
            await asyncio.sleep(0.1)
        await close_all_tabs()


async def test_two_hypercorn_workers_share_redis(tmp_path, redis_server):
    with live_server(tmp_path / "instance", {"REDIS_URL": redis_server.url}, workers=2) as server:
        alice, bob, slug = people_in_a_room(server.url)
        tabs = [await (alice if n % 2 else bob).open_tab(slug) for n in range(6)]
        await tabs[0].say("to every worker")
        for tab in tabs:
            await tab.receive_until(has_message("to every worker"))
        await close_all_tabs()


def test_two_workers_without_redis_are_refused_with_advice(tmp_path):
    instance = tmp_path / "instance"
    env = {"INSTANCE_PATH": str(instance), "PATH": "/usr/bin:/bin"}
    migrate(env)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hypercorn",
            "--config",
            "hypercorn.toml",
            "--workers",
            "2",
            "--bind",
            "127.0.0.1:0",
            "backchat:create_app()",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "set REDIS_URL" in result.stderr + result.stdout


async def test_typing_is_seen_on_another_process(two_servers):
    alice, _, _, alice_tab, bob_tab = await one_room_two_processes(*two_servers)
    await bob_tab.settle(0.2)
    await alice_tab.send_json({"action": "typing"})
    await bob_tab.receive_until(lambda t: f"{alice.username} is typing…</p>" in t)
    await alice_tab.say("sent")
    cleared = '<p id="typing" class="typing" aria-live="polite" hx-swap-oob="true"></p>'
    await bob_tab.receive_until(lambda t: cleared in t.rsplit("is typing…", 1)[-1])
