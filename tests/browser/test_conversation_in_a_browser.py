"""Replies and mentions in a real browser, seen live by the other person, on both
configurations of `site`."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

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


def message_saying(page, text: str):
    """The message element whose body is exactly `text`."""
    body = page.locator(".message-body", has_text=re.compile(f"^{re.escape(text)}$"))
    return page.locator("#messages li.message").filter(has=body)


async def test_a_reply_quotes_its_original_and_leads_back_to_it(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "Lunch")
    await join_room(bob.page, code)
    await send_message(alice.page, "Pizza or **sushi**?")
    await expect_message(bob.page, "Pizza or sushi?")
    await mark_page(bob.page)

    bar = bob.page.locator("#replying-to")
    original = message_saying(bob.page, "Pizza or sushi?")
    await original.hover()
    await original.get_by_role("button", name="Reply").click()
    await expect(bar).to_have_text(
        re.compile(rf"Replying to {alice.name}: Pizza or sushi\?\s+Cancel"), timeout=LIVE
    )
    await expect(bob.page.locator("#message-input")).to_be_focused()
    await bar.get_by_text("Cancel").click()  # changed his mind
    await expect(bar).to_be_hidden()
    await original.hover()
    await original.get_by_role("button", name="Reply").click()
    await expect(bar).to_be_visible(timeout=LIVE)
    await send_message(bob.page, "Sushi")
    await expect(bar).to_be_hidden()

    for page in (alice.page, bob.page):
        quote = message_saying(page, "Sushi").locator(".reply-quote")
        await expect(quote).to_have_text(f"Reply to {alice.name} Pizza or sushi?", timeout=LIVE)
    await send_message(bob.page, "or both")  # the reply was for one message only
    await expect(message_saying(alice.page, "or both").locator(".reply-quote")).to_have_count(0)
    await expect_same_page_load(bob.page)
    await take_screenshots(alice.page, "reply", site.config)

    # The quote leads to the original, highlighted in the room.
    await message_saying(alice.page, "Sushi").locator(".reply-quote").click()
    await expect(alice.page).to_have_url(re.compile(rf"/room/{code}/m/\d+/$"))
    await expect(message_saying(alice.page, "Pizza or sushi?")).to_have_class(
        re.compile(r"\bhighlighted\b")
    )


async def test_a_mention_is_marked_for_the_one_named_and_listed_on_their_mentions(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "Planning")
    await join_room(bob.page, code)
    text = f"@{bob.name} can you book the room?"
    await send_message(alice.page, text)

    for page in (alice.page, bob.page):
        mention = message_saying(page, text).locator(".mention")
        await expect(mention).to_have_text(f"@{bob.name}", timeout=LIVE)
    # Marked for bob (his /me.css), not for alice: the same fragment for both.
    marked = re.compile(r"3px 0px 0px 0px inset")
    await expect(message_saying(bob.page, text)).to_have_css("box-shadow", marked)
    await expect(message_saying(alice.page, text)).not_to_have_css("box-shadow", marked)

    await bob.page.get_by_role("link", name="Mentions").click()
    await expect(bob.page).to_have_url(re.compile(r"/mentions/$"))
    found = bob.page.locator(".found")
    await expect(found).to_have_count(1)
    await expect(found.locator(".found-body")).to_have_text(text)
    await expect(found.locator(".found-room")).to_have_text("#Planning")
    await take_screenshots(bob.page, "mentions", site.config)
    await found.locator(".permalink").click()
    await expect(bob.page).to_have_url(re.compile(rf"/room/{code}/m/\d+/$"))
    await expect(message_saying(bob.page, text)).to_have_class(re.compile(r"\bhighlighted\b"))


async def test_searching_finds_messages_and_leads_to_them(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "Offsite")
    await join_room(bob.page, code)
    await send_message(alice.page, "The offsite budget is <b>tight</b>")
    await send_message(alice.page, "Snacks are on me")
    await expect_message(bob.page, "Snacks are on me")

    await bob.page.get_by_placeholder("Search this room").fill('budget "')
    await bob.page.get_by_placeholder("Search this room").press("Enter")
    await expect(bob.page).to_have_url(re.compile(rf"/room/{code}/search/\?q=budget"))
    found = bob.page.locator(".found")
    await expect(found).to_have_count(1)
    await expect(found.locator(".found-body")).to_have_text("The offsite budget is <b>tight</b>")
    await expect(found.locator("mark")).to_have_text("budget")
    await take_screenshots(bob.page, "search", site.config)

    # All of his rooms ("Search" in the sidebar); a result leads to the message in its room.
    await bob.page.get_by_role("link", name="Search", exact=True).click()
    await expect(bob.page.get_by_label("Search your rooms")).to_be_focused()
    await bob.page.get_by_label("Search your rooms").fill("snack")
    await bob.page.get_by_label("Search your rooms").press("Enter")
    await expect(found.locator(".found-body")).to_have_text("Snacks are on me")
    await found.locator(".permalink").click()
    await expect(message_saying(bob.page, "Snacks are on me")).to_have_class(
        re.compile(r"\bhighlighted\b")
    )


async def test_unread_rooms_are_counted_live_and_the_news_is_marked_where_it_begins(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "News")
    await join_room(bob.page, code)
    await send_message(bob.page, "I read everything so far")
    await bob.page.goto("/")
    await mark_page(bob.page)
    link = bob.page.locator(f'.room-list a[href="/room/{code}/"]')
    await expect(link).to_have_attribute("data-unread", "0")

    # bob's home page counts the news as it comes, without reloading.
    await send_message(alice.page, "first news")
    await send_message(alice.page, f"@{bob.name} second news")
    await expect(link).to_have_attribute("data-unread", "2", timeout=LIVE)
    await expect(link.locator(".unread-count")).to_have_text(", unread: 2")
    await expect(link.locator(".mention-badge")).to_have_text("@1")
    await expect_same_page_load(bob.page)
    await bob.page.reload()  # the title's total is set as a page loads
    await expect(bob.page).to_have_title(re.compile(r"^\(2\) "))
    await take_screenshots(bob.page, "unread", site.config)

    # Reading the room in one tab clears it in the others.
    elsewhere = await bob.context.new_page()
    await elsewhere.goto("/")
    news = elsewhere.locator(f'.room-list a[href="/room/{code}/"]')
    await expect(news).to_have_attribute("data-unread", "2")
    await link.click()
    divider = bob.page.locator("#unread-divider")
    await expect(divider).to_have_text("New messages")
    following = bob.page.locator("#unread-divider + li.message .message-body")
    await expect(following).to_have_text("first news")
    await expect(link).to_have_attribute("data-unread", "0")
    await expect(bob.page).not_to_have_title(re.compile(r"^\("))
    await expect(news).to_have_attribute("data-unread", "0", timeout=LIVE)

    # While the room is in view, what arrives is read: the page says so a second after it
    # arrives, the server writes its read marks a second at a time, and the other tab hears.
    await send_message(alice.page, "third news")
    await expect_message(bob.page, "third news")
    await bob.page.wait_for_timeout(2500)  # the page in view, in front, meanwhile
    await expect(news).to_have_attribute("data-unread", "0")
    await elsewhere.reload()
    await expect(news).to_have_attribute("data-unread", "0")
    await elsewhere.close()
