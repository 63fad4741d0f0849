"""What a person does in backchat, and what they should see, in the words of a test.

Every helper takes the Playwright page of the person it is about. Waiting is done by
Playwright's `expect`, which retries until the page matches or the timeout passes.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from playwright.async_api import BrowserContext, Dialog, Page, expect

from backchat.db import database
from backchat.messaging import NewMessage, save_messages
from backchat.models import Message, Room, User
from tests.databases import instance_database_url
from tests.server import ROOT

PASSWORD = "a long password"
ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# A message shows up on every screen within this time (milliseconds).
LIVE = 2_000
_ROOM_URL = re.compile(r"/room/([^/]+)/$")


@dataclass
class Person:
    """Someone with a browser of their own (a Playwright context) and a tab in it."""

    name: str
    context: BrowserContext
    page: Page


def unique_name(prefix: str) -> str:
    """A username no other test uses (the servers are shared): prefix and 8 hex digits."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


async def register(page: Page, name: str, password: str = PASSWORD) -> None:
    """Sign up through the form; lands on the home page, signed in."""
    await page.goto("/auth/register/")
    await page.locator("#username").fill(name)
    await page.locator("#password1").fill(password)
    await page.locator("#password2").fill(password)
    await page.get_by_role("button", name="Sign up").click()
    await expect(page.locator(".whoami")).to_contain_text(name)


async def signed_up(people, site, *names: str) -> list[Person]:
    """A new person for each name, each registered and signed in on the site."""
    everyone = [await people.new(site.url, name) for name in names]
    for person in everyone:
        await register(person.page, person.name)
    return everyone


async def log_in(page: Page, name: str, password: str = PASSWORD) -> None:
    await page.goto("/auth/login/")
    await page.locator("#username").fill(name)
    await page.locator("#password").fill(password)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator(".whoami")).to_contain_text(name)


async def create_room(page: Page, name: str, private: bool = False) -> str:
    """Create a room (open, or `private`) through /create/; returns its code (the slug in the
    room's address)."""
    await page.goto("/create/")
    await page.locator("#room_name").fill(name)
    if private:
        await page.get_by_label("Private").check()
    await page.get_by_role("button", name="Create room").click()
    await page.wait_for_url(_ROOM_URL)
    await expect_connected(page)
    return room_code(page)


async def join_room(page: Page, code: str) -> None:
    """Join a room by its code through /join/; lands in the room, connected."""
    await page.goto("/join/")
    await page.locator("#room_slug").fill(code)
    await page.get_by_role("button", name="Join room").click()
    await page.wait_for_url(f"**/room/{code}/")
    await expect_connected(page)


async def open_room(page: Page, code: str) -> None:
    """Go to a room the person is a member of, and wait for its live connection."""
    await page.goto(f"/room/{code}/")
    await expect_connected(page)


def room_code(page: Page) -> str:
    match = _ROOM_URL.search(page.url)
    assert match, f"not a room page: {page.url}"
    return match.group(1)


async def expect_connected(page: Page, timeout: float = 10_000) -> None:
    await expect(page.locator("#chat")).to_have_attribute(
        "data-connection", "connected", timeout=timeout
    )


async def seed(
    site, slug: str, username: str, count: int, sent_at: list[datetime] | None = None
) -> list[str]:
    """`count` messages saved straight into the room's database (as if sent long ago: at the
    times `sent_at` when given)."""
    bodies = [f"old message {n}" for n in range(1, count + 1)]
    async with database(instance_database_url(site.instance)):
        room = await Room.get(slug=slug)
        author = await User.get(username_key=username.lower())
        events = await save_messages(room, [NewMessage(author, body) for body in bodies])
        for event, moment in zip(events, sent_at or [], strict=False):
            await Message.filter(id=event.message_id).update(created_at=moment)
    return bodies


async def send_message(page: Page, text: str) -> None:
    """Type a message and press Enter (not the button); wait until the server has taken it,
    which it says by clearing the composer."""
    composer = page.locator("#message-input")
    await composer.fill(text)
    await composer.press("Enter")
    await expect(composer).to_have_value("", timeout=LIVE)


def message_bodies(page: Page):
    return page.locator("#messages li.message .message-body")


async def expect_message(page: Page, text: str, timeout: float = LIVE) -> None:
    """A message with exactly this body is on the page."""
    body = message_bodies(page).filter(has_text=re.compile(f"^{re.escape(text)}$"))
    await expect(body).to_have_count(1, timeout=timeout)


async def expect_messages(page: Page, texts: list[str], timeout: float = LIVE) -> None:
    """The page shows exactly these messages, in this order."""
    await expect(message_bodies(page)).to_have_text(texts, timeout=timeout)


async def message_ids(page: Page) -> list[int]:
    """The ids of the messages on the page, in page order."""
    ids = await page.locator("#messages li.message").evaluate_all("(els) => els.map(e => e.id)")
    return [int(i.removeprefix("message-")) for i in ids]


def presence_entry(page: Page, name: str):
    """`name`'s entry under "Here now"."""
    return page.locator(f'#presence li[data-user="{name.lower()}"]')


async def expect_present(page: Page, name: str) -> None:
    await expect(presence_entry(page, name)).to_be_visible(timeout=LIVE)


async def expect_absent(page: Page, name: str, timeout: float = 5_000) -> None:
    await expect(presence_entry(page, name)).to_have_count(0, timeout=timeout)


def record_dialogs(page: Page) -> list[str]:
    """Dismiss every alert, confirm or prompt the page opens; returns their messages, as
    they come (none should: nothing a person writes may run as script)."""
    messages: list[str] = []

    async def dismiss(dialog: Dialog) -> None:
        messages.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", dismiss)
    return messages


async def focused_element(page: Page) -> dict[str, str]:
    """The id and value of the element that has the keyboard focus."""
    return await page.evaluate(
        "() => ({id: document.activeElement.id, value: document.activeElement.value ?? null})"
    )


async def mark_page(page: Page) -> None:
    """Remember this page load, so that `expect_same_page_load` can tell a reload happened."""
    await page.evaluate("() => { window.__sameLoad = true; }")


async def expect_same_page_load(page: Page) -> None:
    assert await page.evaluate("() => window.__sameLoad === true"), "the page was reloaded"


async def take_screenshots(page: Page, scenario: str, config: str) -> list[Path]:
    """Screenshots of the page as it is, at desktop and phone widths, light and dark:
    tests/artifacts/<scenario>-<config>-<desktop|phone>-<light|dark>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    paths = []
    for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
        await page.set_viewport_size(size)
        for scheme in ("light", "dark"):
            await page.emulate_media(color_scheme=scheme)
            path = ARTIFACTS / f"{scenario}-{config}-{width}-{scheme}.png"
            await page.screenshot(path=path, animations="disabled")
            paths.append(path)
    await page.emulate_media(color_scheme="light")
    if before:
        await page.set_viewport_size(before)
    return paths
