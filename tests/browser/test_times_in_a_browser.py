"""Times and days as the reader lives them: every message's time in the browser's time zone
(the server writes UTC), and a separator before each day's first message, labelled again at
the reader's midnight."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import expect

from tests.browser.helpers import create_room, join_room, register, seed, send_message

pytestmark = [
    pytest.mark.asyncio(loop_scope="session"),
    pytest.mark.parametrize("site", ["inprocess"], indirect=True),  # pages, not the broker
]
# Thirteen hours ahead of UTC in December: late evening there is still the same UTC day.
ZONE = "Pacific/Auckland"


async def test_days_and_times_are_the_readers(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob", timezone_id=ZONE, locale="en-GB")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "Around midnight")

    today = datetime.now(ZoneInfo(ZONE)).replace(hour=0, minute=10, second=0, microsecond=0)
    sent_at = [
        today - timedelta(days=400),  # another year: the date says which
        today - timedelta(days=5, minutes=30),
        today - timedelta(days=5, minutes=20),  # the same day: no separator between
        today - timedelta(minutes=20),  # 23:50 yesterday, there
        today,  # 00:10 today, there: the same day in UTC, another one for the reader
    ]
    await seed(site, code, alice.name, len(sent_at), [t.astimezone(UTC) for t in sent_at])
    await join_room(bob.page, code)

    page = bob.page
    separators = page.locator("#messages li.day-separator")
    await expect(separators).to_have_count(4)
    labels = await separators.all_inner_texts()
    old, last_week = sent_at[0], sent_at[1]
    assert labels[2:] == ["Yesterday", "Today"]
    # (The browser's own date format: whether a comma follows the weekday is up to it.)
    assert re.fullmatch(rf"{old:%A},? {old.day} {old:%B %Y}", labels[0]), labels
    assert re.fullmatch(rf"{last_week:%A},? {last_week.day} {last_week:%B}", labels[1]), labels
    times = await page.locator("#messages li.message .message-meta > a time").all_inner_texts()
    assert times == [f"{t:%H:%M}" for t in sent_at]
    # After midnight the run of alice's messages goes on, but shows who wrote it again.
    first_today = page.locator("#messages li.day-separator + li.message")
    await expect(first_today.last.locator(".message-author")).to_be_visible()

    # A message arriving live joins today's: still one "Today".
    await send_message(alice.page, "and now")
    await expect(page.locator("#messages li.message")).to_have_count(len(sent_at) + 1)
    await expect(separators).to_have_count(4)
    assert (await separators.all_inner_texts())[-1] == "Today"


async def test_at_midnight_today_becomes_yesterday(people, site):
    alice = await people.new(site.url, "alice")
    bob = await people.new(site.url, "bob", timezone_id=ZONE, locale="en-GB")
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, "Late")
    evening = datetime.now(ZoneInfo(ZONE)).replace(hour=21, minute=0, second=0, microsecond=0)
    await seed(site, code, alice.name, 1, [evening.astimezone(UTC)])
    # bob's browser thinks it is ten seconds before midnight of that day, there.
    await bob.page.clock.install(time=evening.replace(hour=23, minute=59, second=50))
    await join_room(bob.page, code)
    separators = bob.page.locator("#messages li.day-separator")
    await expect(separators).to_have_text(["Today"])
    await bob.page.clock.fast_forward(15_000)  # past midnight
    await expect(separators).to_have_text(["Yesterday"])
