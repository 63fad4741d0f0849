"""Unread through the pages: each room's count of new messages by others and of those naming
you in every signed-in page's sidebar, the total in the title, a "New messages" divider where
they begin, and opening the room marks it read."""

import asyncio
import re

from backchat.editing import delete_message
from backchat.messaging import save_message
from backchat.models import Membership, Room, User
from backchat.realtime.broker import user_channel
from backchat.realtime.broker.memory import MemoryBroker
from backchat.realtime.envelopes import ReadEnvelope, decode
from backchat.realtime.read_marks import ReadMarks
from backchat.rooms import create_room, join_room
from backchat.unread import COUNT_CAP, mark_read, unread_in
from tests.chat_client import close_all_tabs, has_message, people_in_a_room
from tests.server import live_server


async def two_in_a_room(auth) -> tuple[Room, User, User]:
    """alice made a room, bob joined it (and opened it); bob is signed in now."""
    await auth.register("alice")
    response = await auth.post("/create/", {"room_name": "News"})
    slug = response.headers["Location"].strip("/").split("/")[-1]
    await auth.logout()
    await auth.register("bob")
    await auth.client.get(f"/room/{slug}/")  # joins it
    room = await Room.get(slug=slug)
    return room, await User.get(username_key="alice"), await User.get(username_key="bob")


async def news_of(user: User, room: Room) -> dict:
    """`unread_in` for one room, as its row stands now."""
    return await unread_in(user, [await Room.get(id=room.id)])


def sidebar_link(page: str, slug: str) -> str:
    link = re.search(rf'<a [^>]*href="/room/{slug}/"[^>]*>.*?</a>', page, re.S)
    assert link, f"no sidebar link to {slug}"
    return link.group(0)


async def test_the_sidebar_counts_what_others_sent_since_you_read(client, auth):
    room, alice, bob = await two_in_a_room(auth)
    await save_message(room, alice, "one")
    await save_message(room, bob, "mine does not count")
    await save_message(room, alice, "two, for @bob")
    gone = await save_message(room, alice, "deleted, so not news")
    await delete_message(room, gone.message.id, alice)
    page = await (await client.get("/")).get_data(as_text=True)
    link = sidebar_link(page, room.slug)
    assert 'data-unread="2"' in link
    assert '<span class="mention-badge" title="Mentions you">@1</span>' in link
    assert "<title>(2) " in page
    for path in ("/mentions/", "/search/?q=x"):  # every signed-in page
        assert 'data-unread="2"' in sidebar_link(
            await (await client.get(path)).get_data(as_text=True), room.slug
        )


async def test_opening_the_room_shows_where_the_news_begins_and_marks_it_read(client, auth):
    room, alice, bob = await two_in_a_room(auth)
    await save_message(room, alice, "read before")
    await client.get(f"/room/{room.slug}/")
    await save_message(room, bob, "my own")
    first_new = await save_message(room, alice, "new one")
    await save_message(room, alice, "new two")
    page = await (await client.get(f"/room/{room.slug}/")).get_data(as_text=True)
    divider = page.index('id="unread-divider"')
    assert page.index("my own") < divider < page.index(f'id="message-{first_new.message.id}"')
    assert page.count('class="unread-divider"') == 1
    # Read now: the sidebar of the same page and the next page say so.
    assert 'data-unread="0"' in sidebar_link(page, room.slug)
    again = await (await client.get(f"/room/{room.slug}/")).get_data(as_text=True)
    assert "unread-divider" not in again
    assert "<title>(" not in again
    membership = await Membership.get(user_id=bob.id, room_id=room.id)
    assert membership.last_read_event == first_new.seq + 1


async def test_a_permalink_far_back_leaves_the_newer_messages_unread(client, auth):
    room, alice, bob = await two_in_a_room(auth)
    old = await save_message(room, alice, "long ago")
    for n in range(60):  # more than the 25 shown after it
        await save_message(room, alice, f"later {n}")
    page = await (await client.get(f"/room/{room.slug}/m/{old.message.id}/")).get_data(as_text=True)
    assert "Show newer messages" in page
    assert (await news_of(bob, room))[room.id].messages == 61
    await client.get(f"/room/{room.slug}/")
    assert await news_of(bob, room) == {}


async def test_counts_stop_at_the_cap_and_reading_never_moves_back(client, auth):
    room, alice, bob = await two_in_a_room(auth)
    for n in range(COUNT_CAP + 5):
        await save_message(room, alice, f"@bob spam {n}")
    news = (await news_of(bob, room))[room.id]
    assert (news.messages, news.mentions) == (COUNT_CAP, COUNT_CAP)
    page = await (await client.get("/")).get_data(as_text=True)
    assert "99+" in sidebar_link(page, room.slug) and "<title>(99+) " in page
    await client.get(f"/room/{room.slug}/")
    assert await news_of(bob, room) == {}
    assert not await mark_read(bob.id, room.id, 3)  # an older position changes nothing
    assert await news_of(bob, room) == {}


# The read mark over the room's socket, through a real hypercorn.


def read_position(server, username: str, slug: str) -> int:
    [(position,)] = server.query(
        "SELECT ms.last_read_event FROM membership ms JOIN room r ON r.id = ms.room_id"
        ' JOIN "user" u ON u.id = ms.user_id WHERE r.slug = ? AND u.username_key = ?',
        slug,
        username.lower(),
    )
    return position


async def test_a_page_in_view_marks_what_its_socket_delivered_read(tmp_path):
    with live_server(tmp_path / "instance") as server:
        alice, bob, slug = people_in_a_room(server.url)
        bob.get(f"/room/{slug}/")  # read up to here
        alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
        await bob_tab.resume(bob.room_position(slug))
        before = read_position(server, bob.username, slug)
        await alice_tab.say("one")
        await alice_tab.say("two")
        await bob_tab.receive_until(has_message("two"))
        assert read_position(server, bob.username, slug) == before  # not read by arriving
        await bob_tab.send_json({"action": "read", "HEADERS": {}})
        await bob_tab.send_json({"action": "read", "HEADERS": {}})  # written together
        expected = before + 2
        for _ in range(50):
            if read_position(server, bob.username, slug) == expected:
                break
            await asyncio.sleep(0.05)
        assert read_position(server, bob.username, slug) == expected
        assert 'data-unread="0"' in bob.get("/")[1]
        await alice_tab.say("three")
        await bob_tab.receive_until(has_message("three"))
        assert 'data-unread="1"' in bob.get("/")[1]
        await close_all_tabs()


async def test_read_marks_are_written_together_never_move_back_and_are_told(db, tmp_path):
    alice = await User.create(username="alice", username_key="alice", password_hash="x")
    bob = await User.create(username="bob", username_key="bob", password_hash="x")
    room = await create_room("Marks", alice)
    await join_room(bob, room)
    broker = MemoryBroker(tmp_path, 100)
    marks = ReadMarks(broker, flush_seconds=0.05)
    async with broker.subscribe(user_channel(bob.id)) as told:
        marks.read(bob.id, room.id, 5)
        marks.read(bob.id, room.id, 3)  # an older report from another tab
        marks.read(alice.id, room.id, 2)
        await asyncio.sleep(0.3)
        positions = dict(
            await Membership.filter(room_id=room.id).values_list("user_id", "last_read_event")
        )
        assert positions == {alice.id: 2, bob.id: 5}
        assert decode(await told.get()) == ReadEnvelope(room.id, 5)
        marks.read(bob.id, room.id, 4)  # behind what is written: not told
        marks.read(bob.id, room.id, 7)
        await marks.stop()  # written at once, not lost
        assert (await Membership.get(user_id=bob.id, room_id=room.id)).last_read_event == 7
        assert decode(await told.get()) == ReadEnvelope(room.id, 7)
        await marks.read_now(bob.id, room.id, 6)  # a page read further back
        await marks.read_now(bob.id, room.id, 9)
        assert decode(await told.get()) == ReadEnvelope(room.id, 9)
