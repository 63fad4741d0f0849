"""Open and private rooms in a real browser, on both configurations of `site`: the directory,
a private room hidden from a stranger, joined through its invite link, the link reset, the
owner removing a member, and an owner renaming the room, making it private, promoting a member
and deleting the room."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from pathlib import Path

import pytest
from playwright.async_api import Dialog, expect

from tests.browser.helpers import (
    LIVE,
    create_room,
    expect_connected,
    expect_message,
    join_room,
    send_message,
    signed_up,
    take_screenshots,
)
from tests.server import run_quart

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_private_room_is_found_only_through_its_invite_link(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
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

    # alice resets the link in the room's settings: the old one no longer lets anyone in.
    await expect(bob.page.get_by_role("link", name="Room settings")).to_have_count(0)
    await alice.page.get_by_role("link", name="Room settings").click()
    await alice.page.get_by_role("button", name="Reset link").click()
    await alice.page.wait_for_url(f"**/room/{code}/settings/")
    assert await alice.page.locator("#settings-invite-link").input_value() != invite
    (carol,) = await signed_up(people, site, "carol")
    await carol.page.goto(invite)
    await expect(carol.page.locator("h1")).to_have_text("Page not found")
    await expect(carol.page.locator("main")).to_contain_text("This invite link does not work")
    await carol.page.goto(f"/room/{open_code}/")  # an open room: visiting joins it
    await expect_connected(carol.page)


async def test_the_owner_removes_a_member_who_is_cut_off_at_once(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
    code = await create_room(alice.page, f"Team {alice.name}")
    await join_room(bob.page, code)
    member = alice.page.locator(f'#members [data-member="{bob.name.lower()}"]')
    await expect(member).to_be_visible(timeout=LIVE)
    # Only the owner has the button, and never beside their own name.
    await expect(bob.page.locator(".member-remove:visible")).to_have_count(0)
    own = alice.page.locator(f'#members [data-member="{alice.name.lower()}"] .member-remove')
    await expect(own).to_be_hidden()

    async def accept(dialog: Dialog) -> None:
        await dialog.accept()

    alice.page.once("dialog", accept)
    await member.get_by_role("button", name="Remove").click()
    await expect(member).to_have_count(0, timeout=LIVE)
    await expect(bob.page.locator("#chat")).to_have_attribute("data-connection", "closed")
    await expect(bob.page.locator("#connection-state")).to_have_text(
        "Disconnected: you are no longer a member. Reload the page.", use_inner_text=True
    )
    await expect(alice.page.locator(".removed-members")).to_have_count(0)  # shown on load
    await alice.page.reload()
    await expect(alice.page.locator(".removed-members")).to_contain_text(bob.name)
    people.expect_console_error(r"status of 403 .* at .*/room/[^/]+/$")
    await bob.page.reload()
    await expect(bob.page.locator("main")).to_contain_text("removed you from it")


async def test_a_member_who_leaves_is_gone_from_the_others_list_at_once(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
    code = await create_room(alice.page, f"Drop-in {alice.name}")
    await join_room(bob.page, code)
    member = alice.page.locator(f'#members [data-member="{bob.name.lower()}"]')
    await expect(member).to_be_visible(timeout=LIVE)
    await expect(alice.page.locator("#member-count")).to_have_text("2")
    await send_message(bob.page, "off I go")
    # A style set through the CSSOM (as browser tools do) on an element a fragment replaces:
    # htmx must not copy it over as a style attribute, which the CSP blocks (a console error).
    await alice.page.locator("#member-count").evaluate("count => { count.style.opacity = 0.9 }")
    await bob.page.get_by_role("button", name="Leave room").click()
    await bob.page.wait_for_url(f"{site.url}/")
    await expect(bob.page.locator(f'.room-list a[href="/room/{code}/"]')).to_have_count(0)
    await expect(member).to_have_count(0, timeout=LIVE)
    await expect(alice.page.locator("#member-count")).to_have_text("1")
    await expect_message(alice.page, "off I go")  # what he said stays
    # An open room: visiting it again joins him again, live for alice.
    await bob.page.goto(f"/room/{code}/")
    await expect_connected(bob.page)
    await expect(member).to_be_visible(timeout=LIVE)
    await expect(alice.page.locator("#member-count")).to_have_text("2")


async def test_an_owner_renames_promotes_and_deletes_live_for_the_others(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
    code = await create_room(alice.page, f"Drafts {alice.name}")
    await join_room(bob.page, code)
    await expect_connected(bob.page)
    link = bob.page.locator(f'.room-list a[href="/room/{code}/"]')

    # Renamed and made private from the settings page: bob's page follows at once.
    await alice.page.get_by_role("link", name="Room settings").click()
    await alice.page.get_by_label("Room name").fill(f"Plans {alice.name}")
    await alice.page.get_by_text("Private", exact=True).click()
    await alice.page.get_by_role("button", name="Save changes").click()
    await alice.page.wait_for_url(f"**/room/{code}/")
    await expect(bob.page.locator("#room-name")).to_have_text(f"Plans {alice.name}", timeout=LIVE)
    await expect(bob.page.locator(".room-header h1")).to_contain_text("Private:")
    await expect(link).to_contain_text(f"Plans {alice.name}")
    await expect(link).to_have_attribute("aria-current", "page")

    # bob made an owner: marked so for everyone.
    member = bob.page.locator(f'#members [data-member="{bob.name.lower()}"]')
    await expect(bob.page.get_by_role("button", name="Make owner")).to_have_count(0)

    async def accept(dialog: Dialog) -> None:
        await dialog.accept()

    alice.page.once("dialog", accept)
    alices_view = alice.page.locator(f'#members [data-member="{bob.name.lower()}"]')
    await alices_view.get_by_role("button", name="Make owner").click()
    await expect(member.locator(".member-role")).to_have_text("owner", timeout=LIVE)
    await take_screenshots(alice.page, "owners", site.config)
    await expect(alices_view.get_by_role("button", name="Remove")).to_be_hidden()
    # His own page shows him the owners' controls at once, without a reload.
    await expect(bob.page.get_by_role("link", name="Room settings")).to_be_visible(timeout=LIVE)
    await expect_connected(bob.page)

    # Deleted after typing its code: bob's page is cut off, and the room is gone.
    await alice.page.get_by_role("link", name="Room settings").click()
    await take_screenshots(alice.page, "room-settings", site.config)
    await alice.page.get_by_role("link", name="Delete this room…").click()
    await alice.page.get_by_label("To confirm, type the room code").fill(code)
    await take_screenshots(alice.page, "delete-room", site.config)
    await alice.page.get_by_role("button", name="Delete the room").click()
    await alice.page.wait_for_url(lambda url: url.endswith("/"))
    await expect(alice.page.locator(f'.room-list a[href="/room/{code}/"]')).to_have_count(0)
    await expect(bob.page.locator("#chat")).to_have_attribute("data-connection", "closed")
    await expect(bob.page.locator("#connection-state")).to_have_text(
        "Disconnected: this room was deleted. Reload the page.", use_inner_text=True
    )
    people.expect_console_error(rf"status of 404 .* at .*/room/{code}/$")
    await bob.page.reload()
    await expect(bob.page.locator("h1")).to_have_text("Room not found")


async def test_two_people_open_a_direct_conversation_from_the_member_list(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
    code = await create_room(alice.page, f"Hall {alice.name}")
    await join_room(bob.page, code)
    await expect_connected(bob.page)
    member = alice.page.locator(f'#members [data-member="{bob.name.lower()}"]')
    await expect(member).to_be_visible(timeout=LIVE)
    own = alice.page.locator(f'#members [data-member="{alice.name.lower()}"] .member-dm')
    await expect(own).to_be_hidden()

    await member.get_by_role("link", name="Message").click()
    await alice.page.wait_for_url("**/room/dm-*/")
    await expect(alice.page.locator("#room-name")).to_have_text(bob.name)
    await expect(alice.page.locator(".room-header h1")).to_contain_text("Direct:")
    await expect(alice.page.locator("#invite-link")).to_have_count(0)
    await expect_connected(alice.page)
    # bob, still in the hall, sees it in his sidebar at once, named for alice.
    link = bob.page.locator('.room-list a[href^="/room/dm-"]')
    await expect(link).to_contain_text(alice.name, timeout=LIVE)
    await send_message(alice.page, "a word in private")
    await expect(link).to_have_attribute("data-unread", "1", timeout=LIVE)
    await link.click()
    await expect_message(bob.page, "a word in private")
    await expect(bob.page.locator("#room-name")).to_have_text(alice.name)
    await expect(bob.page.locator("#members .member-dm:visible")).to_have_count(0)
    await take_screenshots(bob.page, "direct", site.config)


async def test_a_site_admin_deactivates_someone_whose_page_is_cut_off_at_once(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
    made = run_quart(site.instance, "make-admin", alice.name)
    assert made.returncode == 0, made.stderr
    code = await create_room(alice.page, f"Staff {alice.name}")
    await join_room(bob.page, code)
    await expect_connected(bob.page)

    await alice.page.get_by_role("link", name="Admin").click()
    await alice.page.get_by_label("Find someone by username").fill(bob.name)
    await alice.page.get_by_role("button", name="Find").click()
    row = alice.page.locator(f"#person-{bob.name.lower()}")
    await row.get_by_role("button", name="Deactivate").click()
    await expect(row).to_contain_text("Deactivated")
    await take_screenshots(alice.page, "admin-people", site.config)
    await expect(bob.page.locator("#chat")).to_have_attribute("data-connection", "closed")
    await bob.page.reload()
    await expect(bob.page.locator("main")).to_contain_text("Log in")
    await row.get_by_role("button", name="Reactivate").click()
    await expect(row).to_contain_text("Active")


async def test_a_display_name_shows_beside_messages_with_the_username_on_hover(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
    code = await create_room(alice.page, f"Names {alice.name}")
    await join_room(bob.page, code)
    await expect_connected(bob.page)

    await alice.page.locator(".whoami a").click()  # "Signed in as …"
    await alice.page.get_by_label("Display name").fill("Alice Liddell")
    await alice.page.get_by_role("button", name="Save").click()
    await expect(alice.page.locator(".form-notice")).to_contain_text("display name is saved")
    await take_screenshots(alice.page, "settings", site.config)
    await alice.page.get_by_role("link", name=f"Names {alice.name}").click()
    await expect_connected(alice.page)
    await send_message(alice.page, "call me Alice")
    await expect_message(bob.page, "call me Alice")
    author = bob.page.locator(".message .message-author").last
    await expect(author).to_have_text("Alice Liddell")
    await expect(author).to_have_attribute("title", f"@{alice.name}")


async def test_a_member_downloads_the_rooms_transcript_and_log(people, site):
    (alice,) = await signed_up(people, site, "alice")
    await create_room(alice.page, f"Minutes {alice.name}", private=True)
    await expect_connected(alice.page)
    await send_message(alice.page, "decided: ship it")
    await expect_message(alice.page, "decided: ship it")
    for name, kind in (("transcript", "html"), ("JSON Lines", "jsonl")):
        async with alice.page.expect_download() as download_info:
            await alice.page.get_by_role("link", name=name, exact=True).click()
        download = await download_info.value
        assert download.suggested_filename.endswith(f".{kind}")
        saved = Path(await download.path()).read_text()
        assert "decided: ship it" in saved


async def test_an_owner_adds_a_bot_whose_posts_appear_live(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
    code = await create_room(alice.page, f"Builds {alice.name}")
    await join_room(bob.page, code)
    await expect_connected(bob.page)
    await alice.page.get_by_role("link", name="Room settings").click()
    await alice.page.get_by_label("New bot's name").fill("Build bot")
    await alice.page.get_by_role("button", name="Add bot").click()
    token = await alice.page.locator("#bot-token").input_value()
    assert token.startswith("bk_")
    await take_screenshots(alice.page, "bot-added", site.config)

    request = urllib.request.Request(
        f"{site.url}/api/rooms/{code}/messages",
        data=json.dumps({"text": "build 42 passed"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with await asyncio.to_thread(urllib.request.urlopen, request, timeout=10) as response:
        assert response.status == 201
    await expect_message(bob.page, "build 42 passed")
    await expect(bob.page.locator(".message .message-author").last).to_have_text("Build bot")
    await alice.page.reload()
    await expect(alice.page.locator("#bot-token")).to_have_count(0)  # shown that once only
    await expect(alice.page.locator(".bot-list")).to_contain_text("Build bot")


async def test_a_member_quiets_a_room_and_its_badge_counts_only_mentions(people, site):
    alice, bob = await signed_up(people, site, "alice", "bob")
    code = await create_room(alice.page, f"Noisy {alice.name}")
    await join_room(bob.page, code)
    await bob.page.get_by_label("Count in my badges").select_option("mentions")
    await bob.page.get_by_role("button", name="Save", exact=True).click()
    await expect(bob.page.get_by_label("Count in my badges")).to_have_value("mentions")
    await bob.page.goto("/")
    link = bob.page.locator(f'.room-list a[href="/room/{code}/"]')
    await expect(link).to_have_attribute("data-unread", "0")
    await expect_connected(alice.page)
    await send_message(alice.page, "idle chatter")
    await send_message(alice.page, "more chatter")
    await send_message(alice.page, f"@{bob.name} your turn")
    # The badge comes with the mention, the last one: by then every message would count.
    await expect(link.locator(".mention-badge")).to_have_text("@1", timeout=LIVE)
    await expect(link).to_have_attribute("data-unread", "1")
