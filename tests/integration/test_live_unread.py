"""Unread, live: every signed-in page's sidebar keeps each room's count and mention badge
current through its socket (a room page's, or `/live/` on a page without a room), on the
in-process broker and across two processes on Redis; reading in one tab clears the others;
a room joined in one tab appears in the others."""

import pytest

from tests.chat_client import (
    has_message,
    new_person,
    people_in_a_room,
    room_id_of,
    room_link,
    said,
    unread,
)

pytestmark = pytest.mark.usefixtures("close_tabs")

SESSION_ENDED, FORBIDDEN_ORIGIN = 4401, 4403


async def alice_talks_to_bobs_home_page(servers):
    """alice's tab in a room (on the first address) and bob's home page (on the second), its
    sidebar sent whole: (alice, bob, slug, room id, alice's tab, bob's sidebar socket)."""
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    room_id = room_id_of(bob, slug)
    alice_tab = await alice.open_tab(slug, server_url=first)
    sidebar = await bob.open_sidebar(server_url=second)
    await sidebar.receive_until(lambda t: unread(t, room_id) == (0, 0))
    return alice, bob, slug, room_id, alice_tab, sidebar


async def test_a_page_without_a_room_counts_news_and_mentions_live(servers):
    first, _ = servers
    alice, bob, slug, room_id, alice_tab, sidebar = await alice_talks_to_bobs_home_page(servers)
    # On connecting, the whole list as it stands.
    assert 'id="my-rooms" hx-swap-oob="true"' in sidebar.text

    await said(alice_tab, "hello bob")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (1, 0))
    mention = await said(alice_tab, "are you there, @" + bob.username + "?")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (2, 1))
    link = room_link(sidebar.text, room_id)
    assert 'hx-swap-oob="true"' in link and f'href="/room/{slug}/"' in link
    assert "aria-current" not in link  # no room is this page's

    # An edit that drops the mention drops the badge; a deletion is no news any more.
    alice.submit(f"/room/{slug}/m/{mention}/edit/", {"body": "never mind"}, f"/room/{slug}/")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (2, 0))
    alice.submit(f"/room/{slug}/m/{mention}/delete/", {}, f"/room/{slug}/")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (1, 0))

    # bob's own messages are no news to him.
    bob_tab = await bob.open_tab(slug, server_url=first)
    await said(bob_tab, "my own")
    await said(alice_tab, "and one more")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (2, 0))
    assert unread(await sidebar.settle(), room_id) == (2, 0)


async def test_reading_in_one_tab_clears_the_count_in_the_others(servers):
    first, _ = servers
    _, bob, slug, room_id, alice_tab, sidebar = await alice_talks_to_bobs_home_page(servers)
    await said(alice_tab, "one")
    await said(alice_tab, "two")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (2, 0))

    # bob's room tab on the other process has it in view and says so.
    bob_tab = await bob.open_tab(slug, server_url=first)
    await bob_tab.resume(None)
    await bob_tab.receive_until(has_message("two"))
    await bob_tab.send_json({"action": "read", "HEADERS": {}})
    await sidebar.receive_until(lambda t: unread(t, room_id) == (0, 0))

    # Opening the room page reads it too.
    await said(alice_tab, "three")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (1, 0))
    bob.get(f"/room/{slug}/")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (0, 0))


async def test_a_room_page_counts_the_other_rooms_but_not_its_own(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    other = alice.create_room("Elsewhere")
    bob.join_room(other)
    here, there = room_id_of(bob, slug), room_id_of(bob, other)
    alice_tab = await alice.open_tab(slug, server_url=first)
    alice_elsewhere = await alice.open_tab(other, server_url=first)
    bob_tab = await bob.open_tab(slug, server_url=second)
    await bob_tab.receive_until(lambda t: unread(t, there) == (0, 0))
    assert 'aria-current="page"' in room_link(bob_tab.text, here)

    await said(alice_tab, "in the room bob is looking at")
    await said(alice_elsewhere, "in the other room")
    await bob_tab.receive_until(lambda t: unread(t, there) == (1, 0))
    await bob_tab.receive_until(has_message("in the room bob is looking at"))
    link = room_link(await bob_tab.settle(), here)
    assert link is not None and 'aria-current="page"' in link and 'data-unread="0"' in link


async def test_a_room_joined_in_one_tab_appears_in_the_others(servers):
    first, second = servers
    alice = new_person(first, "alice")
    slug = alice.create_room("Found later")
    bob = new_person(first, "bob")
    sidebar = await bob.open_sidebar(server_url=second)
    await sidebar.receive_until(lambda t: 'id="my-rooms"' in t)
    bob.join_room(slug)
    room_id = room_id_of(bob, slug)
    await sidebar.receive_until(lambda t: unread(t, room_id) == (0, 0))
    made = bob.create_room("Made by bob")
    await sidebar.receive_until(lambda t: f'href="/room/{made}/"' in t)
    # And the joined room's news reach that sidebar from then on.
    alice_tab = await alice.open_tab(slug, server_url=first)
    await said(alice_tab, "welcome")
    await sidebar.receive_until(lambda t: unread(t, room_id) == (1, 0))


async def test_the_sidebar_socket_refuses_strangers_and_ends_with_its_session(servers):
    first, second = servers
    bob = new_person(first, "bob")
    foreign = await bob.open_sidebar(server_url=second, origin="http://evil.example")
    assert await foreign.close_code() == FORBIDDEN_ORIGIN
    sidebar = await bob.open_sidebar(server_url=second)
    await sidebar.receive_until(lambda t: 'id="my-rooms"' in t)
    bob.post("/auth/logout/", {})
    assert await sidebar.close_code() == SESSION_ENDED
    signed_out = await bob.open_sidebar(server_url=second)
    assert await signed_out.close_code() == SESSION_ENDED


async def test_a_rooms_notify_level_decides_what_its_badges_count(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    room_id = room_id_of(bob, slug)
    bob_home = await bob.open_sidebar(server_url=second)
    await bob_home.receive_until(lambda t: room_link(t, room_id) is not None)
    alice_tab = await alice.open_tab(slug, server_url=first)
    level = f"/room/{slug}/notifications/"

    assert bob.submit(level, {"level": "mentions"}, "/", htmx=True)[0] == 204
    assert 'value="mentions" selected' in bob.get(f"/room/{slug}/")[1]
    await said(alice_tab, "just chatter")
    await said(alice_tab, f"@{bob.username} look at this")
    await bob_home.receive_until(lambda t: unread(t, room_id) == (1, 1))
    assert bob.submit(level, {"level": "none"}, "/", htmx=True)[0] == 204
    await bob_home.receive_until(lambda t: unread(t, room_id) == (0, 0))
    assert "<title>(" not in bob.get("/")[1]
    bob.submit(level, {"level": "all"}, "/", htmx=True)
    await bob_home.receive_until(lambda t: unread(t, room_id) == (2, 1))
    assert "<title>(2)" in bob.get("/")[1]
    status, url, _ = bob.submit(level, {"level": "all"}, "/")  # a plain form: back to the room
    assert (status, url) == (200, f"{first}/room/{slug}/")

    assert bob.submit(level, {"level": "loud"}, "/")[0] == 400
    stranger = new_person(first, "stranger")
    assert stranger.submit(level, {"level": "none"}, "/")[0] == 404
