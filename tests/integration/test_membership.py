"""Joining, leaving and the owner removing a member, through a real hypercorn on the
in-process broker and across two processes on Redis: the person's open sockets in the room
close with 4403 wherever they are, everyone there sees the member list change (live, or on
resuming, from the room's log), their sidebars drop the room, and a removed person cannot get
back in until the owner lets them."""

import json
import urllib.error
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.chat_client import (
    has_message,
    members_after,
    members_on,
    new_person,
    people_in_a_room,
    room_id_of,
    said,
)

pytestmark = pytest.mark.usefixtures("close_tabs")

LEFT_ROOM, NO_SUCH_ROOM = 4403, 4404


def status_of(browser, path: str) -> int:
    try:
        browser.get(path)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


def member_gone(username: str):
    return lambda text: f'<li id="member-{username.lower()}" hx-swap-oob="delete">' in text


async def test_a_removed_member_is_cut_off_at_once_and_kept_out(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    room_id = room_id_of(bob, slug)
    alice_tab = await alice.open_tab(slug, server_url=first)
    bob_tab = await bob.open_tab(slug, server_url=second)
    bob_home = await bob.open_sidebar(server_url=second)
    await bob_home.receive_until(lambda t: f'id="room-link-{room_id}"' in t)
    await said(bob_tab, "before I was removed")

    status, _, _ = alice.submit(
        f"/room/{slug}/members/{bob.username}/remove/", {}, f"/room/{slug}/"
    )
    assert status == 200  # 303 back to the room
    assert await bob_tab.close_code() == LEFT_ROOM
    await alice_tab.receive_until(member_gone(bob.username))
    # bob's other page drops the room from its sidebar.
    mark = len(bob_home.text)
    await bob_home.receive_until(lambda t: 'id="my-rooms"' in t[mark:])
    assert f'id="room-link-{room_id}"' not in bob_home.text[mark:]

    # Kept out: the page, the join form, the socket.
    status, _, body = bob.submit("/join/", {"room_slug": slug}, "/join/")
    assert status == 403 and "removed you from it" in body
    assert status_of(bob, f"/room/{slug}/") == 403
    again = await bob.open_tab(slug, server_url=second)
    assert await again.close_code() == NO_SUCH_ROOM
    # What bob said stays.
    await alice_tab.resume(None)
    await alice_tab.receive_until(has_message("before I was removed"))

    # Let back in, he may join again.
    status, _, _ = alice.submit(
        f"/room/{slug}/members/{bob.username}/readmit/", {}, f"/room/{slug}/"
    )
    assert status == 200
    bob.join_room(slug)
    back = await bob.open_tab(slug, server_url=second)
    await said(alice_tab, "welcome back")
    await back.resume(None)
    await back.receive_until(has_message("welcome back"))


async def test_leaving_closes_your_tabs_in_the_room_and_keeps_your_messages(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    alice_tab = await alice.open_tab(slug, server_url=first)
    bob_tabs = [await bob.open_tab(slug, server_url=url) for url in (first, second)]
    await said(bob_tabs[0], "bye all")
    status, url, _ = bob.submit(f"/room/{slug}/leave/", {}, f"/room/{slug}/")
    assert (status, url) == (200, f"{first}/")  # 303 home
    for tab in bob_tabs:
        assert await tab.close_code() == LEFT_ROOM
    await alice_tab.receive_until(member_gone(bob.username))
    assert f"/room/{slug}/" not in bob.get("/")[1]
    assert "bye all" in alice.get(f"/room/{slug}/")[1]
    # An open room: visiting it again joins again.
    bob.get(f"/room/{slug}/")
    assert f'href="/room/{slug}/"' in bob.get("/")[1]


async def test_only_the_owner_removes_and_nobody_removes_or_leaves_wrongly(servers):
    first, _ = servers
    alice, bob, slug = people_in_a_room(first)
    carol = new_person(first, "carol")
    room_page = f"/room/{slug}/"
    remove_alice = f"/room/{slug}/members/{alice.username}/remove/"
    assert bob.submit(remove_alice, {}, room_page)[0] == 403  # a member acting as owner
    assert carol.submit(remove_alice, {}, "/")[0] == 404  # not in the room
    own = f"/room/{slug}/members/{alice.username}/remove/"
    assert alice.submit(own, {}, room_page)[0] == 403  # the owner, themselves
    nobody = f"/room/{slug}/members/{carol.username}/remove/"
    assert alice.submit(nobody, {}, room_page)[0] == 404  # not a member
    assert bob.submit(f"/room/{slug}/members/{carol.username}/readmit/", {}, room_page)[0] == 403
    assert alice.submit(f"/room/{slug}/leave/", {}, room_page)[0] == 403  # the owner stays
    assert carol.submit(f"/room/{slug}/leave/", {}, "/")[0] == 404
    assert f'data-member="{bob.username.lower()}"' in alice.get(room_page)[1]  # nothing changed


async def test_a_tab_that_was_away_catches_up_on_every_change_to_the_members(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    page = f"/room/{slug}/"
    tab = await alice.open_tab(slug, server_url=first)
    await tab.resume(None)
    await tab.settle()
    last_seen, before = tab.last_seen, members_on(alice.get(page)[1])
    await tab.close()
    carol, dave, erin = (new_person(second, name) for name in ("carol", "dave", "erin"))
    for person in (carol, dave, erin):
        person.join_room(slug)
    alice.submit(f"{page}members/{carol.username}/promote/", {}, page)
    bob.submit(f"{page}leave/", {}, page)
    alice.submit(f"{page}members/{dave.username}/remove/", {}, page)
    erin.submit(f"{page}leave/", {}, page)
    erin.join_room(slug)  # and back

    again = await alice.open_tab(slug, server_url=second)
    await again.resume(last_seen)
    received = await again.settle()
    now = members_on(alice.get(page)[1])
    assert now == {alice.username.lower(): "owner", carol.username.lower(): "owner",
                   erin.username.lower(): "member"}  # fmt: skip
    assert members_after(before, received) == (now, 3)
    assert again.last_seen == alice.room_position(slug)


async def test_open_tabs_follow_the_members_live_and_a_crowd_comes_in_few_frames(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    page = f"/room/{slug}/"
    tabs = [await alice.open_tab(slug, server_url=url) for url in (first, second)]
    for tab in tabs:
        await tab.resume(None)
        await tab.settle()
    before = members_on(alice.get(page)[1])
    crowd = [new_person(second, "crowd") for _ in range(8)]
    marks = [len(tab.frames) for tab in tabs]
    with ThreadPoolExecutor(len(crowd)) as pool:
        list(pool.map(lambda person: person.join_room(slug), crowd))
    message_id = await said(tabs[0], "welcome, all of you")
    now = members_on(alice.get(page)[1])
    assert len(now) == 10
    for tab, mark in zip(tabs, marks, strict=True):
        await tab.receive_until(has_message("welcome, all of you"))
        await tab.settle()
        assert members_after(before, "".join(tab.frames[mark:])) == (now, 10)
        changes = [f for f in tab.frames[mark:] if 'hx-swap-oob="beforeend:#members"' in f]
        assert len(changes) < len(crowd), "every newcomer came in a frame of its own"
        assert tab.message_ids[-1] == message_id
    # The room's log has them, in the order they joined, for every reader of it.
    exported = [
        json.loads(line) for line in alice.get(f"/room/{slug}/export.jsonl")[1].splitlines()
    ]
    joined = [event["member"] for event in exported if event["kind"] == "joined"]
    assert joined[0] == bob.username and set(joined[1:]) == {p.username for p in crowd}
