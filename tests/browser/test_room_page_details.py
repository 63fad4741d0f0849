"""Smaller things a person notices on the pages: the copy button, labels, scrolling.

These do not depend on the broker, so they run against the in-process configuration only.
"""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.helpers import (
    create_room,
    expect_connected,
    expect_message,
    join_room,
    register,
    send_message,
)

pytestmark = [
    pytest.mark.asyncio(loop_scope="session"),
    pytest.mark.parametrize("site", ["inprocess"], indirect=True),
]

# Inputs a person can see that have neither a <label> nor an aria-label(ledby).
UNLABELLED_INPUTS = """() =>
  [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => el.type !== "hidden" && el.checkVisibility())
    .filter((el) => el.labels.length === 0
                    && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
    .map((el) => el.outerHTML)
"""
# Buttons a person can see that have no accessible name.
UNNAMED_BUTTONS = """() =>
  [...document.querySelectorAll("button, input[type=submit]")]
    .filter((el) => el.checkVisibility())
    .filter((el) => !(el.innerText || el.value || "").trim() && !el.getAttribute("aria-label"))
    .map((el) => el.outerHTML)
"""


async def test_the_copy_button_puts_the_invite_link_on_the_clipboard(people, site):
    alice = await people.new(site.url, "alice", permissions=["clipboard-read", "clipboard-write"])
    await register(alice.page, alice.name)
    await create_room(alice.page, "Copy me")
    invite = await alice.page.locator("#invite-link").input_value()
    assert invite.startswith(f"{site.url}/join/")

    button = alice.page.locator('button[data-copy="#invite-link"]')
    await expect(button).not_to_have_attribute("data-copied", "")
    await button.click()
    await expect(button).to_have_attribute("data-copied", "")
    assert await alice.page.evaluate("() => navigator.clipboard.readText()") == invite


async def test_every_input_has_a_label_and_new_messages_are_announced(people, site):
    visitor = await people.new(site.url, "visitor")
    page = visitor.page
    unlabelled, unnamed = {}, {}

    async def check(what: str) -> None:
        unlabelled[what] = await page.evaluate(UNLABELLED_INPUTS)
        unnamed[what] = await page.evaluate(UNNAMED_BUTTONS)

    await page.goto("/auth/login/")
    await check("login")
    await register(page, visitor.name)  # also checks the register page on its way
    await check("home")
    await page.goto("/auth/register/")
    await check("register")
    await page.goto("/join/")
    await check("join")
    await create_room(page, "Labels")
    await check("room")
    assert all(not inputs for inputs in unlabelled.values()), unlabelled
    assert all(not buttons for buttons in unnamed.values()), unnamed

    await expect(page.locator("#messages")).to_have_attribute("aria-live", "polite")
    # The composer is a form: a keyboard user reaches it and sends with Enter.
    await page.locator("#message-input").focus()
    await page.keyboard.type("typed, not clicked")
    await page.keyboard.press("Enter")
    await expect_message(page, "typed, not clicked")


async def test_the_newest_message_stays_in_view(people, site):
    alice = await people.new(site.url, "alice")
    await register(alice.page, alice.name)
    await create_room(alice.page, "Chatterbox")
    page = alice.page
    texts = [f"line {n}:" + " all work and no play" * (n % 3 + 1) for n in range(24)]
    for text in texts:
        await send_message(page, text)
    await expect_message(page, texts[-1])

    scroller = page.locator(".scroller")
    overflow = await scroller.evaluate("(el) => el.scrollHeight - el.clientHeight")
    assert overflow > 0, "the messages should overflow the list for this test"
    messages = page.locator("#messages li.message")
    await expect(messages.last).to_be_in_viewport()
    await expect(messages.first).not_to_be_in_viewport()

    await page.reload()  # a room opened with a long history starts at its end too
    await expect(messages.last).to_be_in_viewport()
    await expect(messages.first).not_to_be_in_viewport()


async def test_a_formatted_message_written_over_several_lines(people, site):
    alice = await people.new(site.url, "alice")
    await register(alice.page, alice.name)
    await create_room(alice.page, "Formatting")
    page = alice.page
    composer = page.locator("#message-input")
    await composer.focus()
    await page.keyboard.type("**Release** at https://example.com/notes")
    await page.keyboard.press("Shift+Enter")  # a new line, not sent
    await page.keyboard.type("run `make test` first")
    await expect(composer).to_have_value(
        "**Release** at https://example.com/notes\nrun `make test` first"
    )
    line_height = await composer.evaluate("(el) => parseFloat(getComputedStyle(el).lineHeight)")
    assert (await composer.bounding_box())["height"] > 2 * line_height  # grown to two lines
    await page.keyboard.press("Enter")
    await expect(composer).to_have_value("")

    body = page.locator("#messages li.message .message-body").first  # the room was empty
    await expect(body.locator("strong")).to_have_text("Release")
    link = body.locator("a")
    await expect(link).to_have_attribute("href", "https://example.com/notes")
    await expect(link).to_have_attribute("rel", "nofollow noopener")
    await expect(body.locator("code")).to_have_text("make test")
    await expect(body.locator("br")).to_have_count(1)
    await expect(body).to_have_text("Release at https://example.com/notes\nrun make test first")

    await send_message(page, "🎉")  # a few emoji alone are shown large
    large = page.locator("#messages li.message .message-body.emoji-only")
    await expect(large).to_have_text("🎉")
    font = await large.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
    assert font >= 2 * await body.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")


async def test_the_others_see_who_is_typing(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "Typing")
    await join_room(bob.page, code)
    await expect_connected(alice.page)

    await alice.page.locator("#message-input").press_sequentially("half a thought")
    await expect(bob.page.locator("#typing")).to_have_text(f"{alice.name} is typing…")
    await expect(alice.page.locator("#typing")).to_have_text("")  # never to herself
    await alice.page.locator("#message-input").press("Enter")
    await expect_message(bob.page, "half a thought")
    await expect(bob.page.locator("#typing")).to_have_text("", timeout=1_500)

    # After a send the composer is a new element: typing in it still tells the others (the
    # page pings at most every 2 s: three seconds of typing are sure to send one).
    await alice.page.locator("#message-input").press_sequentially("and another one", delay=200)
    await expect(bob.page.locator("#typing")).to_have_text(f"{alice.name} is typing…")
