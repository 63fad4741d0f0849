"""Scroll-back: the room page shows the latest 50 messages, and each older page comes as a
fragment (`GET /room/<slug>/messages?before=<id>`) until the room's beginning."""

import re

import pytest

from backchat.messaging import save_message
from backchat.models import Message, Room, User
from tests.integration.test_rooms import created_slug

MARKER = re.compile(r'hx-get="/room/[^/]+/messages\?before=(\d+)" hx-trigger="intersect once"')


def numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"message number (\d+)<", page)]


async def room_with_messages(auth, count: int) -> tuple[str, list[int]]:
    slug = await created_slug(auth, "History")
    room = await Room.get(slug=slug)
    alice = await User.get(username_key="alice")
    for number in range(1, count + 1):
        await save_message(room, alice, f"message number {number}")
    ids = await Message.filter(room=room).order_by("id").values_list("id", flat=True)
    return slug, ids


async def test_scrolling_back_loads_each_older_page_until_the_beginning(client, auth):
    await auth.register("alice")
    slug, ids = await room_with_messages(auth, 120)
    page = await (await client.get(f"/room/{slug}/")).get_data(as_text=True)
    assert numbers(page) == list(range(71, 121))
    assert MARKER.search(page).group(1) == str(ids[70])
    assert "beginning of" not in page

    older = await client.get(f"/room/{slug}/messages?before={ids[70]}")
    fragment = await older.get_data(as_text=True)
    assert older.status_code == 200 and "<html" not in fragment
    assert numbers(fragment) == list(range(21, 71))
    assert MARKER.search(fragment).group(1) == str(ids[20])

    oldest = await (await client.get(f"/room/{slug}/messages?before={ids[20]}")).get_data(True)
    assert numbers(oldest) == list(range(1, 21))
    assert MARKER.search(oldest) is None
    assert "This is the beginning of <strong>#History</strong>." in oldest


async def test_a_short_history_shows_its_beginning_and_an_empty_room_none(client, auth):
    await auth.register("alice")
    slug, _ = await room_with_messages(auth, 3)
    page = await (await client.get(f"/room/{slug}/")).get_data(as_text=True)
    assert numbers(page) == [1, 2, 3] and "This is the beginning of" in page
    empty = await created_slug(auth, "Empty")
    page = await (await client.get(f"/room/{empty}/")).get_data(as_text=True)
    assert "This is the beginning of" not in page and "No messages yet" in page


@pytest.mark.parametrize("before", ["", "abc", "-1", "1.5", "\uff11", "1 0", "1e3"])
async def test_an_older_page_needs_a_message_id_as_before(client, auth, before):
    await auth.register("alice")
    slug, _ = await room_with_messages(auth, 1)
    response = await client.get(f"/room/{slug}/messages", query_string={"before": before})
    assert response.status_code == 400
    assert "must be the id of a message" in await response.get_data(as_text=True)


async def test_an_older_page_of_a_message_not_in_a_room_of_yours_answers_404(client, auth):
    await auth.register("alice")
    slug, ids = await room_with_messages(auth, 2)
    other = await created_slug(auth, "Other")
    for path in (
        f"/room/{other}/messages?before={ids[1]}",  # a message of another room
        f"/room/{slug}/messages?before={ids[1] + 100}",  # no such message
    ):
        assert (await client.get(path)).status_code == 404, path
    await auth.logout()
    await auth.register("mallory")
    response = await client.get(f"/room/{slug}/messages?before={ids[1]}")
    assert response.status_code == 404
    assert "message number" not in await response.get_data(as_text=True)


NEWER = re.compile(r'hx-get="/room/[^/]+/messages\?after=(\d+)&amp;through=(\d+)"')


async def test_a_permalink_opens_the_room_around_its_message_and_highlights_it(client, auth):
    await auth.register("alice")
    slug, ids = await room_with_messages(auth, 120)
    response = await client.get(f"/room/{slug}/m/{ids[29]}/")
    page = await response.get_data(as_text=True)
    assert response.status_code == 200
    assert numbers(page) == list(range(5, 56))  # 25 before it, it, 25 after
    highlighted = re.search(r'<li id="message-(\d+)" class="message[^"]* highlighted"[^>]*>', page)
    assert highlighted.group(1) == str(ids[29]) and "autofocus" in highlighted.group(0)
    assert page.count("autofocus") == 1  # the message, not the composer
    assert MARKER.search(page).group(1) == str(ids[4])
    assert NEWER.search(page).groups() == (str(ids[54]), str(ids[119]))
    assert f'href="/room/{slug}/">Jump to the latest</a>' in page
    assert f'href="/room/{slug}/m/{ids[0]}/"' not in page  # permalinks of shown messages only

    newer = await client.get(f"/room/{slug}/messages?after={ids[54]}&through={ids[119]}")
    fragment = await newer.get_data(as_text=True)
    assert newer.status_code == 200 and "<html" not in fragment
    assert numbers(fragment) == list(range(56, 106))
    assert NEWER.search(fragment).groups() == (str(ids[104]), str(ids[119]))
    assert MARKER.search(fragment) is None and "beginning of" not in fragment
    last = await client.get(f"/room/{slug}/messages?after={ids[104]}&through={ids[119]}")
    fragment = await last.get_data(as_text=True)
    assert numbers(fragment) == list(range(106, 121)) and NEWER.search(fragment) is None


async def test_a_permalink_near_the_end_is_the_live_room_with_its_message_highlighted(client, auth):
    await auth.register("alice")
    slug, ids = await room_with_messages(auth, 30)
    page = await (await client.get(f"/room/{slug}/m/{ids[10]}/")).get_data(as_text=True)
    assert numbers(page) == list(range(1, 31))
    assert "This is the beginning of" in page and NEWER.search(page) is None
    assert f'ws-connect="/chat/{slug}/"' in page
    assert re.search(f'id="message-{ids[10]}" class="message[^"]* highlighted"', page)
    # Every message's time links to its permalink.
    assert f'<a class="permalink" href="/room/{slug}/m/{ids[0]}/"><time' in page


async def test_a_permalink_answers_404_outside_your_rooms_and_newer_needs_ids(client, auth):
    await auth.register("alice")
    slug, ids = await room_with_messages(auth, 2)
    other = await created_slug(auth, "Other")
    for path in (
        f"/room/{other}/m/{ids[0]}/",  # a message of another room
        f"/room/{slug}/m/{ids[1] + 100}/",  # no such message
        f"/room/{other}/messages?after={ids[0]}&through={ids[1]}",
    ):
        assert (await client.get(path)).status_code == 404, path
    for query in (f"after={ids[0]}", f"after=x&through={ids[1]}", f"after={ids[0]}&through=-1"):
        assert (await client.get(f"/room/{slug}/messages?{query}")).status_code == 400, query
    await auth.logout()
    await auth.register("mallory")
    assert (await client.get(f"/room/{slug}/m/{ids[0]}/")).status_code == 404
