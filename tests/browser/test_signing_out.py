"""Signing out ends what the session had open: its room tabs stop (and say so), and Back does
not show a room from the browser's cache; a new password or "Log out everywhere" ends the
person's other browsers too."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.helpers import PASSWORD, create_room, expect_connected, log_in, register

pytestmark = [
    pytest.mark.asyncio(loop_scope="session"),
    pytest.mark.parametrize("site", ["inprocess", "redis"], indirect=True),
]


async def test_logging_out_in_another_tab_disconnects_the_room_tab(people, site):
    alice = await people.new(site.url, "alice")
    await register(alice.page, alice.name)
    await create_room(alice.page, "Signing out")
    other_tab = await alice.context.new_page()
    await other_tab.goto("/auth/logout/")
    await other_tab.locator("#main").get_by_role("button", name="Log out", exact=True).click()
    await expect(alice.page.locator("#chat")).to_have_attribute("data-connection", "closed")
    await expect(alice.page.locator(".when-closed")).to_be_visible()


async def test_back_after_logging_out_shows_no_room(people, site):
    bob = await people.new(site.url, "bob")
    await register(bob.page, bob.name)
    await create_room(bob.page, "Not from the cache")
    await bob.page.goto("/auth/logout/")
    await bob.page.locator("#main").get_by_role("button", name="Log out", exact=True).click()
    await bob.page.wait_for_url(f"{site.url}/")
    await bob.page.go_back()  # the logout page, now asking to sign in
    await bob.page.go_back()  # the room
    await expect(bob.page).to_have_url(re.compile(r"/auth/login/\?next=/room/"))
    await expect(bob.page.locator("#messages")).to_have_count(0)


async def test_a_new_password_signs_out_the_other_browser_and_everywhere_ends_all(people, site):
    alice = await people.new(site.url, "alice")
    await register(alice.page, alice.name)
    code = await create_room(alice.page, "Two devices")
    laptop = await people.new(site.url, "laptop")  # alice's other browser
    await log_in(laptop.page, alice.name)
    await laptop.page.goto(f"/room/{code}/")
    await expect_connected(laptop.page)

    await alice.page.goto("/settings/")
    await alice.page.locator("#current_password").fill(PASSWORD)
    await alice.page.locator("#password1").fill("a newer long password")
    await alice.page.locator("#password2").fill("a newer long password")
    await alice.page.get_by_role("button", name="Change password").click()
    await alice.page.wait_for_url("**/settings/?done=password")
    await expect(laptop.page.locator("#chat")).to_have_attribute("data-connection", "closed")
    await expect(laptop.page.locator("#connection-state")).to_have_text(
        "Disconnected: you were signed out. Reload the page.", use_inner_text=True
    )
    await laptop.page.reload()
    await expect(laptop.page).to_have_url(re.compile(r"/auth/login/\?next=/room/"))

    await log_in(laptop.page, alice.name, "a newer long password")
    await laptop.page.goto(f"/room/{code}/")
    await expect_connected(laptop.page)
    await alice.page.goto("/auth/logout/")
    await alice.page.get_by_role("button", name="Log out everywhere").click()
    await expect(laptop.page.locator("#chat")).to_have_attribute("data-connection", "closed")
    await laptop.page.reload()
    await expect(laptop.page).to_have_url(re.compile(r"/auth/login/\?next=/room/"))
