"""What a room's owners do, through a real hypercorn on the in-process broker and across two
processes on Redis: renaming and switching who may join (live in the room and in sidebars, and
caught up by a tab that was away), promoting a member, and deleting the room (every tab in it
closes with 4404); and each of those refused to members (403) and to strangers (404)."""

import re
import urllib.error

import pytest

from tests.chat_client import new_person, people_in_a_room, room_id_of, room_link, said

pytestmark = pytest.mark.usefixtures("close_tabs")

ROOM_GONE = 4404
TITLE = re.compile(r'<h1 id="room-title" hx-swap-oob="true">.*?</h1>', re.S)


def status_of(browser, path: str) -> int:
    try:
        browser.get(path)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


def titles(received: str) -> list[str]:
    """The room titles a page was sent live, in order."""
    return TITLE.findall(received)


def change(owner, slug: str, name: str, visibility: str = "open") -> tuple[int, str, str]:
    settings = f"/room/{slug}/settings/"
    return owner.submit(settings, {"room_name": name, "visibility": visibility}, settings)


async def test_renaming_and_going_private_are_live_everywhere_and_caught_up(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first, "Day shift")
    room_id = room_id_of(bob, slug)
    bob_tab = await bob.open_tab(slug, server_url=second)
    bob_home = await bob.open_sidebar(server_url=second)
    await bob_home.receive_until(lambda t: room_link(t, room_id) is not None)
    # A tab that goes away before the changes, and comes back after them.
    away = await bob.open_tab(slug, server_url=first)
    await away.resume(None)
    position = away.last_seen or bob.room_position(slug)
    await away.close()

    status, url, _ = change(alice, slug, "Night <shift>", "private")
    assert (status, url) == (200, f"{first}/room/{slug}/")  # 303 back to the room
    await bob_tab.receive_until(lambda t: titles(t))
    (title,) = titles(bob_tab.text)
    assert "Night &lt;shift&gt;" in title and "Private" in title
    own_link = room_link(bob_tab.text, room_id)
    assert own_link and 'aria-current="page"' in own_link and "Night &lt;shift&gt;" in own_link
    await bob_home.receive_until(lambda t: "Night &lt;shift&gt;" in (room_link(t, room_id) or ""))
    assert "Private" in room_link(bob_home.text, room_id)
    change(alice, slug, "Night shift", "private")
    await bob_tab.receive_until(lambda t: len(titles(t)) == 2)

    back = await bob.open_tab(slug, server_url=second)
    await back.resume(position)
    await back.receive_until(lambda t: titles(t))
    await back.settle()
    (caught_up,) = titles(back.text)  # the room as it is now, once
    assert "Night shift" in caught_up and "&lt;" not in caught_up
    assert "Night shift" in bob.get(f"/room/{slug}/")[1]

    # Private now: out of the directory, a stranger is told there is no such room.
    carol = new_person(first, "carol")
    assert slug not in carol.get("/rooms/")[1]
    assert carol.submit("/join/", {"room_slug": slug}, "/join/")[0] == 404


async def test_an_owner_promotes_a_member_who_can_then_manage_the_room(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    carol = new_person(first, "carol")
    carol.join_room(slug)
    carol_tab = await carol.open_tab(slug, server_url=second)
    room_page = f"/room/{slug}/"
    bob_line = f'id="member-{bob.username.lower()}"'
    assert 'data-role="member"' in re.search(rf"<li {bob_line}[^>]*>", bob.get(room_page)[1])[0]
    owners_controls = f'#chat[data-room="{room_id_of(bob, slug)}"] .owner-settings'
    assert owners_controls not in bob.get("/me.css")[1]
    bob_tab = await bob.open_tab(slug, server_url=second)

    promote = f"/room/{slug}/members/{bob.username}/promote/"
    assert alice.submit(promote, {}, room_page, htmx=True)[0] == 204
    await carol_tab.receive_until(
        lambda t: f'<li {bob_line} data-member="{bob.username.lower()}" data-role="owner"' in t
    )
    # bob's open page, on the other process, loads his stylesheet again: the owners' controls.
    looks = await bob_tab.receive_until(lambda t: 'id="my-looks"' in t)
    assert re.search(
        r'<link id="my-looks" rel="stylesheet" href="/me.css\?v=\d+" hx-swap-oob', looks
    )
    assert owners_controls in bob.get("/me.css")[1]
    assert 'class="owner-settings"' in bob.get(room_page)[1]
    assert change(bob, slug, "Renamed by bob")[0] == 200
    # Owners stay: neither removes the other; an owner may leave while another remains.
    remove_alice = f"/room/{slug}/members/{alice.username}/remove/"
    status, _, body = bob.submit(remove_alice, {}, room_page)
    assert status == 403 and "An owner cannot be removed." in body
    assert alice.submit(f"/room/{slug}/leave/", {}, room_page)[0] == 200
    # bob is the last owner now, with carol still in the room.
    assert "Leave room" not in bob.get(room_page)[1]
    status, _, body = bob.submit(f"/room/{slug}/leave/", {}, room_page)
    assert status == 403 and "last owner" in body
    assert f'data-member="{bob.username.lower()}"' in carol.get(room_page)[1]


async def test_deleting_a_room_takes_everything_and_closes_every_tab(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    room_id = room_id_of(bob, slug)
    alice_tab = await alice.open_tab(slug, server_url=first)
    bob_tab = await bob.open_tab(slug, server_url=second)
    bob_home = await bob.open_sidebar(server_url=second)
    await bob_home.receive_until(lambda t: room_link(t, room_id) is not None)
    await said(alice_tab, "soon gone")
    delete = f"/room/{slug}/delete/"

    _, page = alice.get(delete)
    assert "Delete" in page and "its one message" in page and f"<code>{slug}</code>" in page
    status, _, body = alice.submit(delete, {"confirm": "not it"}, delete)
    assert status == 400 and "nothing was deleted" in body
    assert "soon gone" in bob.get(f"/room/{slug}/")[1]

    status, url, _ = alice.submit(delete, {"confirm": slug.upper()}, delete)
    assert (status, url) == (200, f"{first}/")
    assert await bob_tab.close_code() == ROOM_GONE
    assert await alice_tab.close_code() == ROOM_GONE
    mark = len(bob_home.text)
    await bob_home.receive_until(lambda t: 'id="my-rooms"' in t[mark:])
    latest_list = bob_home.text.rsplit('<div id="my-rooms"', 1)[1]
    assert f'id="room-link-{room_id}"' not in latest_list
    for person in (alice, bob):
        assert person.submit("/join/", {"room_slug": slug}, "/join/")[0] == 404
    again = await bob.open_tab(slug, server_url=second)
    assert await again.close_code() == ROOM_GONE


async def test_members_and_strangers_cannot_act_as_owners_and_nothing_changes(servers):
    first, _ = servers
    alice, bob, slug = people_in_a_room(first, "Kept")
    carol = new_person(first, "carol")
    room_page = f"/room/{slug}/"
    owner_only = [
        (f"/room/{slug}/settings/", {"room_name": "Taken over", "visibility": "private"}),
        (f"/room/{slug}/delete/", {"confirm": slug}),
        (f"/room/{slug}/members/{bob.username}/promote/", {}),
        (f"/room/{slug}/invite/reset/", {}),
    ]
    for path, form in owner_only:
        assert bob.submit(path, form, room_page)[0] == 403, path  # a member acting as owner
        assert carol.submit(path, form, "/")[0] == 404, path  # not in the room
    for path in (f"/room/{slug}/settings/", f"/room/{slug}/delete/"):
        assert (status_of(bob, path), status_of(carol, path)) == (403, 404), path
    # Bad settings from the owner: said, and nothing saved.
    status, _, body = change(alice, slug, "   ", "open")
    assert status == 400 and "Give the room a name." in body
    status, _, body = change(alice, slug, "Fine", "public")
    assert status == 400 and "Choose whether the room is open or private." in body
    nobody = f"/room/{slug}/members/{carol.username}/promote/"
    assert alice.submit(nobody, {}, room_page)[0] == 404
    page = bob.get(room_page)[1]
    assert "Kept" in page and "Taken over" not in page
    bob_line = re.search(rf'<li id="member-{bob.username.lower()}"[^>]*>', page)[0]
    assert 'data-role="member"' in bob_line
