"""Payloads from the XSS corpus in a real Chromium: no dialog opens, the text is shown as typed,
and no element or handler of the payload's appears, for the sender and the receiver alike."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import expect

from tests.browser.helpers import (
    create_room,
    expect_connected,
    expect_messages,
    join_room,
    record_dialogs,
    register,
    send_message,
)
from tests.xss import PAYLOADS

pytestmark = pytest.mark.asyncio(loop_scope="session")

SENT = [
    PAYLOADS[0],  # <script>
    PAYLOADS[1],  # <img onerror>
    PAYLOADS[2],  # <svg onload>
    PAYLOADS[7],  # "><script>
    PAYLOADS[10],  # ' onmouseover='
    PAYLOADS[12],  # {{7*7}}
    PAYLOADS[15],  # hx-get with hx-trigger="load"
    PAYLOADS[16],  # hx-on:click
    PAYLOADS[19],  # an hx-swap-oob that would replace #messages
    PAYLOADS[23],  # <details ontoggle>
]
# A payload's elements, were any to survive (our own <details> are a message's actions).
INJECTED = (
    'script:not([src]), img[src="x"], svg, iframe, details:not(.message-actions details),'
    ' [onerror], [onload], [ontoggle], [onmouseover], [hx-trigger="load"], [hx-on\\:click],'
    " [hx-on]"
)


@pytest.mark.parametrize("site", ["inprocess"], indirect=True)  # the markup is the same on Redis
async def test_corpus_payloads_stay_text_in_a_real_browser(people, site):
    alice, bob = await people.new(site.url, "alice"), await people.new(site.url, "bob")
    dialogs = [record_dialogs(alice.page), record_dialogs(bob.page)]
    room_name = PAYLOADS[8]  # '><img src=x onerror=alert(1)>
    await register(alice.page, alice.name)
    await register(bob.page, bob.name)
    code = await create_room(alice.page, room_name)
    await join_room(bob.page, code)

    for text in SENT:
        await send_message(alice.page, text)
    await expect_messages(bob.page, SENT)
    await alice.page.reload()  # the same, rendered in the page rather than pushed
    await expect_connected(alice.page)

    for page in (alice.page, bob.page):
        await expect_messages(page, SENT)
        await expect(page.locator("#messages .message-body *")).to_have_count(0)
        await expect(page.locator(INJECTED)).to_have_count(0)
        await expect(page.locator("#room-name")).to_have_text(room_name)
        await page.locator(".message-body").first.hover()  # would fire an onmouseover
        await expect_connected(page)  # not logged out by a hx-get
    await asyncio.sleep(0.2)  # time for a (wrongly) live handler to fire
    assert dialogs == [[], []]
