"""Correcting and taking back messages in a real browser, seen live by the other person, on
both configurations of `site`."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Dialog, expect

from tests.browser.helpers import (
    LIVE,
    create_room,
    expect_message,
    expect_same_page_load,
    join_room,
    mark_page,
    register,
    send_message,
    take_screenshots,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


def message_with(page, text: str):
    """The message element whose body is `text`."""
    return page.locator("#messages li.message").filter(has_text=text)


async def test_an_author_edits_then_deletes_a_message_and_the_other_sees_it_live(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "Corrections")
    await join_room(bob.page, code)
    await send_message(bob.page, "bob was here")
    await send_message(alice.page, "teh meeting is at noon")
    await expect_message(bob.page, "teh meeting is at noon")
    for person in (alice, bob):
        await mark_page(person.page)

    # Only the author sees the actions on her message; the room's owner (alice) may also
    # delete bob's, but not edit it.
    theirs = message_with(bob.page, "teh meeting")
    await theirs.hover()
    await expect(theirs.get_by_text("Edit", exact=True)).to_be_hidden()
    await expect(theirs.get_by_role("button", name="Delete")).to_be_hidden()
    bobs = message_with(alice.page, "bob was here")
    await bobs.hover()
    await expect(bobs.get_by_text("Edit", exact=True)).to_be_hidden()
    await expect(bobs.get_by_role("button", name="Delete")).to_be_visible()

    mine = message_with(alice.page, "teh meeting")
    await mine.hover()
    await mine.get_by_text("Edit", exact=True).click()
    editor = mine.get_by_label("Edit your message")
    await expect(editor).to_have_value("teh meeting is at noon", timeout=LIVE)
    await editor.fill("the meeting is at noon")
    await mine.get_by_role("button", name="Save").click()
    for page in (alice.page, bob.page):
        await expect_message(page, "the meeting is at noon")
        await expect(message_with(page, "the meeting").locator(".edited")).to_have_text("(edited)")
    await expect(alice.page.get_by_label("Edit your message")).to_have_count(0)

    # bob reacts; alice sees the count and, on hover, who.
    theirs = message_with(bob.page, "the meeting")
    await theirs.hover()
    await theirs.get_by_text("React", exact=True).click()
    await theirs.get_by_role("button", name="🎉").click()
    reaction = message_with(alice.page, "the meeting").locator(".reaction")
    await expect(reaction).to_have_text(re.compile(rf"^🎉 1{bob.name}$"), timeout=LIVE)
    await reaction.hover()
    await expect(reaction.locator(".reaction-who")).to_be_visible()
    await expect(reaction.locator(".reaction-who")).to_have_text(bob.name)

    async def accept(dialog: Dialog) -> None:
        await dialog.accept()

    alice.page.once("dialog", accept)
    mine = message_with(alice.page, "the meeting")
    await mine.hover()
    await mine.get_by_role("button", name="Delete").click()
    for page in (alice.page, bob.page):
        await expect_message(page, "message deleted")
        await expect(message_with(page, "the meeting")).to_have_count(0)
    for person in (alice, bob):
        await expect_same_page_load(person.page)
    await take_screenshots(bob.page, "edited-and-deleted", site.config)
