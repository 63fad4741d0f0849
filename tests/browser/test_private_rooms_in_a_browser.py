"""Open and private rooms in a real browser, on both configurations of `site`: the directory,
a private room hidden from a stranger, joined through its invite link, and the link reset."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.helpers import (
    create_room,
    expect_connected,
    expect_message,
    register,
    send_message,
    take_screenshots,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_private_room_is_found_only_through_its_invite_link(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    open_code = await create_room(alice.page, f"Open to all {alice.name}")
    code = await create_room(alice.page, f"Just us {alice.name}", private=True)
    await expect(alice.page.locator(".room-header h1")).to_contain_text("Private:")
    invite = await alice.page.locator("#invite-link").input_value()
    assert "/join/" in invite and code not in invite

    # bob finds the open room in the directory, never the private one, nor by its code.
    await bob.page.goto("/rooms/")
    directory = bob.page.locator(".directory")
    await expect(directory).to_contain_text(f"Open to all {alice.name}")
    await expect(directory).not_to_contain_text(f"Just us {alice.name}")
    await take_screenshots(bob.page, "directory", site.config)
    # The 404s the browser logs are what these two visits are about.
    people.expect_console_error(rf"status of 404 .* at .*/room/{code}/$")
    people.expect_console_error(r"status of 404 .* at .*/join/[^/]+/$")
    await bob.page.goto(f"/room/{code}/")
    await expect(bob.page.locator("h1")).to_have_text("Room not found")

    # With the invite link he sees the room, joins it, and they talk.
    await bob.page.goto(invite)
    await expect(bob.page.locator("h1")).to_contain_text(f"Just us {alice.name}")
    await bob.page.get_by_role("button", name="Join the room").click()
    await bob.page.wait_for_url(f"**/room/{code}/")
    await expect_connected(bob.page)
    await send_message(bob.page, "found my way in")
    await expect_message(alice.page, "found my way in")
    await expect(bob.page.locator(f'.room-list a[href="/room/{code}/"]')).to_be_visible()

    # alice resets the link: the old one no longer lets anyone in.
    await expect(bob.page.get_by_role("button", name="Reset link")).to_have_count(0)
    await alice.page.get_by_role("button", name="Reset link").click()
    await expect_connected(alice.page)
    assert await alice.page.locator("#invite-link").input_value() != invite
    carol = await people.new(site.url, "carol")
    await register(carol.page, carol.name)
    await carol.page.goto(invite)
    await expect(carol.page.locator("h1")).to_have_text("Page not found")
    await expect(carol.page.locator("main")).to_contain_text("This invite link does not work")
    await carol.page.goto(f"/room/{open_code}/")  # an open room: visiting joins it
    await expect_connected(carol.page)
