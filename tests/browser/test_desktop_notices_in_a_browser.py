"""Desktop notifications in a real browser, on both configurations of `site`: turned on from the
sidebar (the browser's permission granted to the context, as a person clicking "Allow" would),
raised by the browser for a mention in the room on show and for a direct message elsewhere
while the tab is in the background, never while it has the focus, followed by the person's
other tabs, and off again at one click.

Headless Chromium shows notifications to nobody, so the pages record each one the browser
reports shown: the real `Notification`, subclassed to listen for its "show" event. Playwright
keeps every page focused; these turn that off, so that bringing one tab to the front puts the
other in the background as it would on a desktop.
"""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Page, expect

from tests.browser.helpers import (
    LIVE,
    create_room,
    expect_connected,
    expect_message,
    join_room,
    register,
    send_message,
    signed_up,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

RECORD_SHOWN = """(() => {
  const Real = window.Notification;
  window.shownNotices = [];
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      const notice = [title, options.body, options.tag];
      this.addEventListener("show", () => window.shownNotices.push(notice));
      window.lastNotice = this;
    }
  };
})();"""
# Long enough for a notification the page should not raise to have been shown.
QUIET = 0.75


async def really_focused(page: Page) -> None:
    """Let the page lose the focus to another tab, as pages do outside Playwright."""
    session = await page.context.new_cdp_session(page)
    await session.send("Emulation.setFocusEmulationEnabled", {"enabled": False})


async def shown(page: Page, count: int) -> list[list[str]]:
    """The notifications the page raised, once there are `count` of them (polled from here:
    the page's CSP forbids the evaluated predicate `wait_for_function` would poll with)."""
    deadline = asyncio.get_running_loop().time() + LIVE / 1000
    while len(notices := await page.evaluate("window.shownNotices")) < count:
        assert asyncio.get_running_loop().time() < deadline, f"only {notices} were shown"
        await asyncio.sleep(0.05)
    return notices


async def still_shown(page: Page) -> list[list[str]]:
    """The notifications the page raised, after a while for any late one."""
    await asyncio.sleep(QUIET)
    return await page.evaluate("window.shownNotices")


async def test_mentions_and_direct_messages_raise_notifications_in_the_background(people, site):
    (bob,) = await signed_up(people, site, "bob")
    alice = await people.new(site.url, "alice", permissions=["notifications"])
    await alice.context.add_init_script(RECORD_SHOWN)
    await register(alice.page, alice.name)
    code = await create_room(bob.page, f"Desk {bob.name}")
    await join_room(alice.page, code)
    await expect_connected(alice.page)

    toggle = alice.page.locator("[data-desktop-notices] button")
    await expect(toggle).to_have_accessible_name("Turn on desktop notifications")
    await toggle.click()
    await expect(toggle).to_have_accessible_name("Turn off desktop notifications")
    elsewhere = await alice.context.new_page()
    await elsewhere.goto("/")
    await expect(elsewhere.locator("[data-desktop-notices] button")).to_have_accessible_name(
        "Turn off desktop notifications"
    )
    await really_focused(alice.page)
    await really_focused(elsewhere)
    await elsewhere.bring_to_front()
    assert not await alice.page.evaluate("document.hasFocus()")

    # In the room on show, in the background: a mention, not the chatter.
    await expect_connected(bob.page)
    await send_message(bob.page, "plain chatter")
    await send_message(bob.page, f"@{alice.name} have a look")
    await expect_message(alice.page, f"@{alice.name} have a look")
    mention = await alice.page.locator("#messages .message").last.get_attribute("id")
    assert await shown(alice.page, 1) == [
        [f"{bob.name} in #Desk {bob.name}", f"@{alice.name} have a look", mention]
    ]
    assert await still_shown(elsewhere) == []  # told too, but in front

    # A direct message reaches the tab's sidebar; clicking the notification opens it there.
    await bob.page.goto(f"/dm/{alice.name}/")
    await expect_connected(bob.page)
    await send_message(bob.page, "just between us")
    notices = await shown(alice.page, 2)
    assert notices[1][:2] == [bob.name, "just between us"]
    await alice.page.evaluate("window.lastNotice.dispatchEvent(new Event('click'))")
    await alice.page.wait_for_url("**/room/dm-*/m/*/")
    await expect(alice.page.locator(".message.highlighted .message-body")).to_have_text(
        "just between us"
    )
    await expect_connected(alice.page)

    # The tab with the focus raises none; the one behind it does.
    await really_focused(alice.page)
    await alice.page.bring_to_front()
    await send_message(bob.page, "are you there?")
    await expect_message(alice.page, "are you there?")
    assert await still_shown(alice.page) == []
    assert [notice[1] for notice in await shown(elsewhere, 1)] == ["are you there?"]

    # Off in one tab is off in all of them.
    await toggle.click()
    await expect(toggle).to_have_accessible_name("Turn on desktop notifications")
    await expect(elsewhere.locator("[data-desktop-notices] button")).to_have_accessible_name(
        "Turn on desktop notifications"
    )
    await send_message(bob.page, "hello?")
    await expect_message(alice.page, "hello?")
    assert len(await still_shown(elsewhere)) == 1
