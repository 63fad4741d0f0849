"""Chatting in a real browser: two people, two browser contexts, a real served backchat.

Each scenario (but the reconnect one, which needs servers of its own) runs against both
configurations of `site`, and ends with screenshots in tests/artifacts/.
"""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import expect

from tests.browser.helpers import (
    LIVE,
    create_room,
    expect_absent,
    expect_connected,
    expect_message,
    expect_messages,
    expect_present,
    expect_same_page_load,
    focused_element,
    join_room,
    mark_page,
    message_bodies,
    message_ids,
    record_dialogs,
    register,
    send_message,
    take_screenshots,
)
from tests.server import live_server

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def two_people_in_a_room(people, site, room_name="Book club"):
    """alice registers and creates a room; bob registers and joins it by its code."""
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, room_name)
    await join_room(bob.page, code)
    return alice, bob, code


async def test_two_people_talk_live(people, site):
    alice, bob, _ = await two_people_in_a_room(people, site)
    for person in (alice, bob):
        await mark_page(person.page)

    await send_message(alice.page, "Hello Bob, are you there?")
    assert await focused_element(alice.page) == {"id": "message-input", "value": ""}
    await expect_message(bob.page, "Hello Bob, are you there?")

    await send_message(bob.page, "Hi Alice! Loud and clear.")
    assert await focused_element(bob.page) == {"id": "message-input", "value": ""}

    both = ["Hello Bob, are you there?", "Hi Alice! Loud and clear."]
    for person in (alice, bob):
        await expect_messages(person.page, both, timeout=LIVE)
        await expect_same_page_load(person.page)
    assert await message_ids(alice.page) == await message_ids(bob.page)
    await take_screenshots(bob.page, "conversation", site.config)


async def test_who_is_here_follows_open_tabs(people, site):
    alice, bob, _ = await two_people_in_a_room(people, site)
    for page in (alice.page, bob.page):
        await expect_present(page, alice.name)
        await expect_present(page, bob.name)

    await bob.page.close()
    await expect_absent(alice.page, bob.name)
    await expect_present(alice.page, alice.name)
    await take_screenshots(alice.page, "presence", site.config)


async def test_hostile_text_stays_text(people, site):
    # Usernames may only hold letters, digits and _ . -; this is about as odd as one gets.
    alice = await people.new(site.url, "-._.-X")
    bob = await people.new(site.url, "bob")
    dialogs = [record_dialogs(alice.page), record_dialogs(bob.page)]
    room_name = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    message = (
        '<script>alert("message")</script><img src=x onerror="alert(3)">'
        '<b hx-get="/auth/logout/" hx-trigger="load">bold?</b> & &amp; "quotes" \'too\''
    )
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, room_name)
    await join_room(bob.page, code)

    await send_message(alice.page, message)
    await expect_message(bob.page, message)
    await send_message(bob.page, "</p></li><li>not a message</li>")
    await expect_messages(alice.page, [message, "</p></li><li>not a message</li>"])

    for page in (alice.page, bob.page):
        # The text is shown literally, and made no elements: not in a message body, not in
        # the room's title, nowhere on the page (the app itself has no inline script).
        messages = page.locator("#messages")
        await expect(messages.locator("li.message")).to_have_count(2)
        await expect(messages.locator(".message-body *")).to_have_count(0)
        await expect(messages.locator(f'[data-author="{alice.name.lower()}"]')).to_have_count(1)
        await expect(page.locator("#room-name")).to_have_text(room_name)
        await expect(page.locator("#room-name *")).to_have_count(0)
        await expect(page.locator('img[src="x"], [onerror], [hx-trigger="load"]')).to_have_count(0)
        await expect(page.locator("script:not([src])")).to_have_count(0)
        assert room_name in await page.title()
        await expect(page.locator("#members")).to_contain_text(alice.name)
        await expect(page.locator(".message-author").first).to_have_text(alice.name)
        await expect_connected(page)  # not logged out by the hx-get
    await asyncio.sleep(0.2)  # give a (wrongly) live handler a moment to fire
    assert dialogs == [[], []]
    await take_screenshots(bob.page, "hostile-text", site.config)


async def test_a_reload_shows_the_saved_history(people, site):
    alice, bob, _ = await two_people_in_a_room(people, site)
    said = []
    for n, person in enumerate([alice, bob, alice, alice, bob]):
        said.append(f"{person.name} says #{n}")
        await send_message(person.page, said[-1])
    await expect_messages(bob.page, said)
    ids = await message_ids(bob.page)

    await bob.page.reload()
    await expect_connected(bob.page)
    await expect_messages(bob.page, said)
    assert await message_ids(bob.page) == ids
    # The reloaded page is live again, and the resume on connect repeated nothing.
    await send_message(alice.page, "after the reload")
    await expect_messages(bob.page, [*said, "after the reload"])
    await take_screenshots(bob.page, "history", site.config)


async def test_a_page_whose_server_restarts_reconnects_and_misses_nothing(
    people, tmp_path, redis_server
):
    """alice's page is served by a server that crashes and comes back on the same port while
    bob, on a second server sharing the database and Redis, keeps talking."""
    # While alice's server is down, Chromium logs each failed reconnection attempt, and htmx
    # logs the socket's error event that follows it ("[object Event]"): nothing else is allowed.
    people.expect_console_error(
        r"^WebSocket connection to 'ws://127\.0\.0\.1:\d+/chat/[^']+' failed: ",
        followed_by=r"^\[object Event\] at http://127\.0\.0\.1:\d+/static/vendor/htmx/htmx\.min\.js$",
    )
    env = {"DATABASE_URL": "", "REDIS_URL": redis_server.url}
    instance = tmp_path / "instance"
    with live_server(instance, env) as steady:
        with live_server(instance, env) as first:
            port = int(first.url.rsplit(":", 1)[1])
            alice = await people.new(first.url, "alice")
            bob = await people.new(steady.url, "bob")
            await register(alice.page, alice.name)
            await register(bob.page, bob.name)
            code = await create_room(alice.page, "Night shift")
            await join_room(bob.page, code)
            await send_message(alice.page, "see you on the other side")
            await expect_message(bob.page, "see you on the other side")
            await mark_page(alice.page)

            first.crash()
            chat = alice.page.locator("#chat")
            await expect(chat).to_have_attribute("data-connection", "reconnecting")
            # What the badge shows (innerText leaves out the states' hidden labels).
            state = alice.page.locator("#connection-state")
            await expect(state).to_have_text("Reconnecting…", use_inner_text=True)
            await expect(state).to_be_visible()

        while_away = [f"while you were away {n}" for n in range(5)]
        for text in while_away:
            await send_message(bob.page, text)

        with live_server(instance, env, port=port):
            await expect_connected(alice.page, timeout=30_000)
            expected = ["see you on the other side", *while_away]
            await expect_messages(alice.page, expected)
            await send_message(bob.page, "welcome back")
            await expect_messages(alice.page, [*expected, "welcome back"])
            ids = await message_ids(alice.page)
            assert ids == sorted(set(ids)), f"ids not unique and increasing: {ids}"
            assert ids == await message_ids(bob.page)
            await expect_same_page_load(alice.page)
            await expect(message_bodies(alice.page)).to_have_count(7)
            await take_screenshots(alice.page, "reconnect", "redis")
            await people.close()  # before the servers stop, so that they stop at once
