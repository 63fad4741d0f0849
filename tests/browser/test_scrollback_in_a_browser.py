"""Scrolling back through a long room in a real browser: older pages load as they come into
view, in order, until the room's beginning says so; live messages still arrive at the bottom."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.helpers import (
    create_room,
    expect_message,
    expect_messages,
    join_room,
    register,
    seed,
    send_message,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.mark.parametrize("site", ["inprocess"], indirect=True)  # page loads, the same on Redis
async def test_scrolling_up_loads_the_whole_history_in_order(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "Long story")
    bodies = await seed(site, code, alice.name, 120)
    await join_room(bob.page, code)

    page = bob.page
    shown = page.locator("#messages li.message .message-body")
    await expect(shown).to_have_count(50)
    while await page.locator(".history-start").count() == 0:
        await page.locator("#messages li.message").first.scroll_into_view_if_needed()
        await page.wait_for_timeout(100)
    await expect_messages(page, bodies)
    await expect(page.locator(".history-start")).to_contain_text("beginning of #Long story")

    await send_message(alice.page, "and then, live")
    await expect_message(page, "and then, live")
    await expect_messages(page, [*bodies, "and then, live"])

    # A permalink opens the room around its message, scrolled to it and highlighted; the
    # newer pages load on request, and live messages still arrive after them.
    tenth = await page.locator("#messages li.message").nth(9).get_attribute("id")
    await alice.page.goto(f"{site.url}/room/{code}/m/{tenth.removeprefix('message-')}/")
    target = alice.page.locator(f"#{tenth}")
    await expect(target).to_have_class("message continued highlighted")
    await expect(target).to_be_focused()
    await expect(target).to_be_in_viewport()
    await send_message(page, "while alice reads")
    await expect_message(alice.page, "while alice reads")
    while await alice.page.locator(".history-newer").count():
        await alice.page.get_by_role("link", name="Show newer messages").click()
        await alice.page.wait_for_timeout(100)
    await expect_messages(alice.page, [*bodies, "and then, live", "while alice reads"])
