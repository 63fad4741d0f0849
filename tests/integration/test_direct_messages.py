"""Direct conversations: the rules on both databases, then through a real hypercorn on the
in-process broker and across two processes on Redis: `/dm/<username>/` opens the one private
room of exactly two people (made the first time, when it appears in both sidebars, named for
the other person), they chat live there, and nobody else can see, join, subscribe to or search
it; it cannot be left, renamed, opened or given an invite."""

import asyncio
import re
import urllib.error

import pytest

from backchat.accounts import create_user
from backchat.models import Membership
from backchat.ownership import (
    InvalidRoomChange,
    OwnersStay,
    change_room,
    leave_room,
    memberships_of,
)
from backchat.rooms import NotJoinable, direct_room, join_room, room_label
from tests.chat_client import has_message, new_person, room_link, said

pytestmark = pytest.mark.usefixtures("close_tabs")

PASSWORD = "long enough password"
NO_SUCH_ROOM = 4404
ROOM_URL = re.compile(r"/room/(dm-[a-z0-9]{4})/$")


async def test_a_direct_conversation_is_one_per_pair_private_and_kept_as_it_is(db):
    alice, bob = await create_user("alice", PASSWORD), await create_user("Bob", PASSWORD)
    room, made = await direct_room(alice, bob)
    again, made_again = await direct_room(bob, alice)
    assert (again.id, made, made_again) == (room.id, True, False)
    assert (room.visibility, room.invite_token, room.created_by_id) == ("private", None, None)
    members = [(m.user.username, m.role) for m in await memberships_of(room)]
    assert members == [("alice", "member"), ("Bob", "member")]
    assert (room_label(room, "alice"), room_label(room, "bob"), room_label(room, None)) == (
        "Bob",
        "alice",
        "alice, Bob",
    )
    carol = await create_user("carol", PASSWORD)
    with pytest.raises(NotJoinable):
        await join_room(carol, room)
    with pytest.raises(InvalidRoomChange):
        await change_room(room, "Ours", "private")
    with pytest.raises(OwnersStay):
        await leave_room(alice, room)
    assert await Membership.filter(room_id=room.id).count() == 2


def status_of(browser, path: str) -> int:
    try:
        browser.get(path)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


def open_direct(browser, other) -> str:
    """Follow `/dm/<other>/` (its 303) to the conversation; its slug."""
    url, _ = browser.get(f"/dm/{other.username}/")
    found = ROOM_URL.search(url)
    assert found, url
    return found.group(1)


def room_id_in(received: str, slug: str) -> int:
    found = re.search(rf'id="room-link-(\d+)" href="/room/{slug}/"', received)
    assert found, f"{slug} is not in the sidebar"
    return int(found.group(1))


async def test_a_direct_conversation_is_made_once_listed_for_both_and_live(servers):
    first, second = servers
    alice, bob = new_person(first, "alice"), new_person(first, "bob")
    bob_home = await bob.open_sidebar(server_url=second)
    await bob_home.receive_until(lambda t: 'id="my-rooms"' in t)

    slug = open_direct(alice, bob)
    await bob_home.receive_until(lambda t: f'href="/room/{slug}/"' in t)
    room_id = room_id_in(bob_home.text, slug)
    # Each sees it named for the other.
    assert alice.username in room_link(bob_home.text, room_id)
    assert bob.username not in room_link(bob_home.text, room_id)
    _, alice_page = alice.get(f"/room/{slug}/")
    assert f'<span id="room-name">{bob.username}</span>' in alice_page
    assert "Direct: " in alice_page and 'id="invite-link"' not in alice_page
    assert "Leave room" not in alice_page and "owner-settings" not in alice_page
    # The same conversation whoever opens it, however often, even at the same moment.
    assert open_direct(bob, alice) == slug == open_direct(alice, bob)
    carol, dave = new_person(first, "carol"), new_person(first, "dave")
    both = await asyncio.gather(
        asyncio.to_thread(open_direct, carol, dave), asyncio.to_thread(open_direct, dave, carol)
    )
    assert both[0] == both[1]

    alice_tab = await alice.open_tab(slug, server_url=first)
    bob_tab = await bob.open_tab(slug, server_url=second)
    await said(alice_tab, "just between us")
    await bob_tab.receive_until(has_message("just between us"))


async def test_nobody_else_gets_into_a_direct_conversation_and_it_stays_as_it_is(servers):
    first, second = servers
    alice, bob, carol = (new_person(first, name) for name in ("alice", "bob", "carol"))
    slug = open_direct(alice, bob)
    alice_tab = await alice.open_tab(slug)
    await said(alice_tab, "private words")

    # carol: the page, the code, the socket, its history and search answer as for no room.
    assert status_of(carol, f"/room/{slug}/") == 404
    assert carol.submit("/join/", {"room_slug": slug}, "/join/")[0] == 404
    assert status_of(carol, f"/room/{slug}/messages?before=999999") == 404
    assert status_of(carol, f"/room/{slug}/search/?q=private") == 404
    assert "private words" not in carol.get("/search/?q=private")[1]
    assert slug not in carol.get("/rooms/")[1]
    tab = await carol.open_tab(slug, server_url=second)
    assert await tab.close_code() == NO_SUCH_ROOM

    # Its two people cannot leave it, rename it, open it up or invite anyone.
    page = f"/room/{slug}/"
    status, _, body = alice.submit(f"/room/{slug}/leave/", {}, page)
    assert status == 403 and "cannot be left" in body
    assert status_of(alice, f"/room/{slug}/settings/") == 403
    settings = {"room_name": "Ours", "visibility": "open"}
    assert alice.submit(f"/room/{slug}/settings/", settings, page)[0] == 403
    assert alice.submit(f"/room/{slug}/invite/reset/", {}, page)[0] == 403

    # Nobody, yourself, and odd names.
    assert status_of(alice, f"/dm/{alice.username}/") == 400
    assert status_of(alice, "/dm/nobody-at-all/") == 404
    assert status_of(alice, f"/dm/{'x' * 500}/") == 404
    assert "private words" in bob.get(page)[1]
