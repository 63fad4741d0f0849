"""The room websocket through a real hypercorn, with real logins and a real websocket client."""

import asyncio
import re

import pytest

from tests.chat_client import (
    Browser,
    bodies,
    has_message,
    new_person,
    people_in_a_room,
    present_users,
)
from tests.server import live_server

#: A resume replays at most this many messages (more than a history page, for the tests of
#: a page that missed more than one page).
RESUME_MAX = 80


pytestmark = pytest.mark.usefixtures("close_tabs")


@pytest.fixture(scope="module", name="server")
def _server(tmp_path_factory):
    env = {"RESUME_MAX_MESSAGES": str(RESUME_MAX)}
    with live_server(tmp_path_factory.mktemp("ws") / "instance", env) as server:
        yield server


async def test_members_exchange_messages_live(room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    await alice_tab.say("Hello Bob")
    await bob_tab.receive_until(has_message("Hello Bob"))
    await bob_tab.say("Hi Alice")
    await alice_tab.receive_until(has_message("Hi Alice"))
    await alice_tab.receive_until(has_message("Hello Bob"))
    await bob_tab.receive_until(has_message("Hi Alice"))
    assert alice_tab.message_ids == bob_tab.message_ids
    assert len(alice_tab.message_ids) == 2
    assert 'hx-swap-oob="beforeend:#messages"' in bob_tab.text
    await alice_tab.close()
    await bob_tab.close()


async def test_the_sender_alone_gets_a_cleared_composer(room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    await alice_tab.say("clear me")
    await alice_tab.receive_until(lambda t: 'id="message-input"' in t and "clear me" in t)
    assert re.search(
        r'<textarea id="message-input"[^>]*autofocus[^>]*hx-swap-oob="true"', alice_tab.text
    )
    await bob_tab.receive_until(has_message("clear me"))
    assert 'id="message-input"' not in await bob_tab.settle()


async def test_messages_arrive_in_saved_order(room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    for n in range(30):
        await (alice_tab if n % 2 else bob_tab).say(f"number {n}")
    await alice_tab.receive_until(lambda t: t.count('class="message-body"') >= 30)
    await bob_tab.receive_until(lambda t: t.count('class="message-body"') >= 30)
    assert alice_tab.message_ids == sorted(alice_tab.message_ids)
    assert alice_tab.message_ids == bob_tab.message_ids
    assert len(set(alice_tab.message_ids)) == 30


@pytest.mark.parametrize(
    ("payload", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)"&gt;'),
        ('it\'s "quoted" & <b>bold</b>', 'it\'s "quoted" &amp; &lt;b&gt;bold&lt;/b&gt;'),
    ],
)
async def test_hostile_text_arrives_as_inert_text(room, payload, escaped):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    await alice_tab.say(payload)
    received = await bob_tab.receive_until(lambda t: escaped in t)
    assert payload not in received


async def test_a_cross_origin_handshake_is_refused(room):
    alice, _, slug = room
    tab = await alice.open_tab(slug, origin="https://evil.example")
    assert await tab.close_code() == 4403
    assert tab.frames == []


async def test_an_anonymous_handshake_is_refused(server, room):
    _, _, slug = room
    tab = await Browser(server.url).open_tab(slug)
    assert await tab.close_code() == 4401
    assert tab.frames == []


async def test_a_non_member_and_an_unknown_room_are_refused_alike(server, room):
    _, _, slug = room
    outsider = new_person(server.url, "eve")
    for target in (slug, "no-such-room"):
        tab = await outsider.open_tab(target)
        assert await tab.close_code() == 4404
        assert tab.frames == []


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("not json at all", "could not be read"),
        ("[1, 2, 3]", "could not be read"),
        ('{"HEADERS": {}}', "Unknown request"),
        ('{"message": "   "}', "Type a message"),
        ('{"message": 42}', "must be text"),
        ('{"message": ["a"]}', "must be text"),
        ('{"message": "' + "x" * 4001 + '"}', "at most 4000 characters"),
        ('{"last_seen": "abc"}', "could not be read"),
        ("[" * 20_000, "could not be read"),
        ('{"message": "lone \\udfff surrogate"}', "broken Unicode"),
        ('{"message": "nul \\u0000 byte"}', "control characters"),
        ('{"message": "bell \\u0007"}', "control characters"),
        ('{"message": "c1 \\u0085 inside"}', "control characters"),
    ],
)
async def test_bad_frames_get_an_error_and_the_connection_lives(server, room, frame, error):
    alice, _, slug = room
    tab = await alice.open_tab(slug)
    await tab.socket.send(frame)
    received = await tab.receive_until(lambda t: error in t)
    assert re.search(r'<p id="composer-error"[^>]*hx-swap-oob="true">[^<]*' + error, received)
    await tab.say("still here")
    await tab.receive_until(has_message("still here"))
    assert len(tab.message_ids) == 1
    assert server.saved_bodies(slug) == ["still here"]


async def test_an_oversized_frame_closes_with_1009(server, room):
    alice, _, slug = room
    tab = await alice.open_tab(slug)
    await tab.say("x" * 70_000)
    assert await tab.close_code() == 1009
    assert "x" * 100 not in tab.text
    assert server.saved_bodies(slug) == []


async def test_a_repeated_send_is_saved_once(server, room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    await alice_tab.say("only once", client_id="nonce-123")
    await alice_tab.say("only once", client_id="nonce-123")
    await alice_tab.say("after")
    await bob_tab.receive_until(has_message("after"))
    await bob_tab.settle()
    assert bob_tab.text.count(">only once</p>") == 1
    assert server.saved_bodies(slug) == ["only once", "after"]


async def test_reconnecting_with_last_seen_gets_exactly_the_missed_messages(room):
    alice, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    alice_tab = await alice.open_tab(slug)
    await alice_tab.resume(None)
    for n in range(3):
        await bob_tab.say(f"before {n}")
    await alice_tab.receive_until(has_message("before 2"))
    await alice_tab.settle()  # the cursor may follow in the resume's own last frame
    last_seen, seen = alice_tab.last_seen, alice_tab.message_ids[-1]
    assert last_seen == alice.room_position(slug)
    await alice_tab.close()

    for n in range(5):
        await bob_tab.say(f"while away {n}")
    await bob_tab.receive_until(has_message("while away 4"))

    again = await alice.open_tab(slug)
    await again.resume(last_seen)
    await bob_tab.say("after return")
    await again.receive_until(has_message("after return"))
    await bob_tab.receive_until(has_message("after return"))
    received = await again.settle()
    expected = [i for i in bob_tab.message_ids if i > seen]
    assert sorted(again.message_ids) == expected
    assert len(again.message_ids) == len(set(again.message_ids)) == 6
    assert f'value="{last_seen + 6}"' in received  # last_seen moved to the newest


async def test_a_resume_of_a_page_up_to_date_sends_no_cursor_and_a_behind_one_does(room):
    """A reconnect storm after a deploy is mostly pages that missed nothing: they get no frame
    for it. A page behind gets the messages and its cursor moved to the newest."""
    alice, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    await bob_tab.say("the newest")
    await bob_tab.receive_until(has_message("the newest"))
    newest = bob.room_position(slug)

    up_to_date = await alice.open_tab(slug)
    await up_to_date.resume(newest)
    assert "last-seen" not in await up_to_date.settle()

    behind = await alice.open_tab(slug)
    await behind.resume(newest - 1)
    await behind.receive_until(has_message("the newest"))
    assert f'name="last_seen" value="{newest}"' in await behind.settle()


async def test_a_page_claiming_more_than_the_room_holds_still_gets_live_messages(room):
    """A `last_seen` past the room's log (a page from before a database restore, a made-up
    value) must not freeze the socket: it is set back to where the room stands."""
    alice, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    await bob_tab.say("before")
    await bob_tab.receive_until(has_message("before"))
    newest = bob.room_position(slug)
    alice_tab = await alice.open_tab(slug)
    await alice_tab.resume(newest + 1_000_000)
    assert f'name="last_seen" value="{newest}"' in await alice_tab.settle()
    await bob_tab.say("after")
    await alice_tab.receive_until(has_message("after"))


async def test_a_page_loaded_in_an_empty_room_gets_everything_sent_since(room):
    """More than a page of history arrives between loading the page and its socket opening:
    the page resumes from where the room's log stood (its members joining), so it gets all of
    it, not just the latest page."""
    alice, bob, slug = room
    position = alice.room_position(slug)  # no message yet: the log holds the joins
    bob_tab = await bob.open_tab(slug)
    for n in range(60):
        await bob_tab.say(f"early {n}")
    await bob_tab.receive_until(has_message("early 59"))
    alice_tab = await alice.open_tab(slug)
    await alice_tab.resume(position)
    await alice_tab.receive_until(has_message("early 59"))
    await alice_tab.settle()
    assert alice_tab.message_ids == bob_tab.message_ids
    assert len(alice_tab.message_ids) == 60


async def test_a_resume_sends_at_most_the_latest_messages_and_says_older_ones_are_cut(room):
    alice, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    await bob_tab.say("seen before leaving")
    await bob_tab.receive_until(has_message("seen before leaving"))
    last_seen = bob.room_position(slug)
    for n in range(RESUME_MAX + 10):
        await bob_tab.say(f"away {n}")
    await bob_tab.receive_until(has_message(f"away {RESUME_MAX + 9}"))
    alice_tab = await alice.open_tab(slug)
    await alice_tab.resume(last_seen)
    received = await alice_tab.receive_until(has_message(f"away {RESUME_MAX + 9}"))
    assert bodies(received) == [f"away {n}" for n in range(10, RESUME_MAX + 10)]
    assert "Older messages are not shown here" in received
    assert received.index("history-cut") < received.index(">away 10<")


async def test_catch_up_is_placed_before_live_messages_that_overtook_it(room):
    alice, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    before = bob.room_position(slug)
    for n in range(3):
        await bob_tab.say(f"missed {n}")
    await bob_tab.receive_until(has_message("missed 2"))
    missed = bob_tab.message_ids
    alice_tab = await alice.open_tab(slug)
    await bob_tab.say("live first")
    await alice_tab.receive_until(has_message("live first"))
    live_id = alice_tab.message_ids[-1]
    await alice_tab.resume(before)
    received = await alice_tab.receive_until(has_message("missed 2"))
    assert f'hx-swap-oob="beforebegin:#message-{live_id}"' in received
    assert alice_tab.message_ids == [live_id, *missed]


async def test_a_first_connect_with_nothing_on_the_page_gets_the_latest_50(server, room):
    alice, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    for n in range(55):
        await bob_tab.say(f"history {n}")
    await bob_tab.receive_until(has_message("history 54"))
    alice_tab = await alice.open_tab(slug)
    await alice_tab.resume(None)
    await alice_tab.receive_until(has_message("history 54"))
    assert alice_tab.message_ids == bob_tab.message_ids[5:]


async def test_presence_counts_tabs_per_user_and_never_touches_membership(room):
    alice, bob, slug = room
    alice_tab = await alice.open_tab(slug)
    await alice_tab.receive_until(lambda t: present_users(t) == [alice.username.lower()])
    first_bob, second_bob = await bob.open_tab(slug), await bob.open_tab(slug)
    both = sorted([alice.username.lower(), bob.username.lower()])
    await alice_tab.receive_until(lambda t: sorted(present_users(t)) == both)

    await first_bob.close()
    await second_bob.say("second tab still here")
    await alice_tab.receive_until(has_message("second tab still here"))
    await alice_tab.settle()
    assert sorted(present_users(alice_tab.text)) == both

    await second_bob.close()
    await alice_tab.receive_until(lambda t: present_users(t) == [alice.username.lower()])
    room_page = alice.get(f"/room/{slug}/")[1]
    assert f'data-member="{bob.username.lower()}"' in room_page


async def test_someone_joining_appears_in_every_open_member_list(server, room):
    alice, _, slug = room
    alice_tab = await alice.open_tab(slug)
    newcomer = new_person(server.url, "carol")
    newcomer.get(f"/room/{slug}/")  # visiting an open room joins it
    received = await alice_tab.receive_until(
        lambda t: f'data-member="{newcomer.username.lower()}"' in t
    )
    name = newcomer.username.lower()
    assert f'<ul hx-swap-oob="beforeend:#members"><li id="member-{name}"' in received
    assert '<span id="member-count" class="count" hx-swap-oob="true">3</span>' in received
    assert "<section" not in received  # the newcomer alone, not the whole list


async def test_messages_sent_just_before_closing_the_tab_are_still_saved(server, room):
    alice, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    alice_tab = await alice.open_tab(slug)
    for n in range(10):
        await alice_tab.say(f"parting words {n}")
    await alice_tab.close()  # at once, without waiting for anything back
    await bob_tab.receive_until(has_message("parting words 9"))
    assert server.saved_bodies(slug) == [f"parting words {n}" for n in range(10)]


async def test_websockets_are_not_compressed(room):
    alice, _, slug = room
    tab = await alice.open_tab(slug)  # the client offers permessage-deflate, as browsers do
    assert tab.socket.response.headers.get("Sec-WebSocket-Extensions") is None
    await tab.say("plain")
    await tab.receive_until(has_message("plain"))


async def test_a_save_that_fails_is_reported_and_the_socket_lives(tmp_path):
    with live_server(tmp_path / "instance") as broken:
        alice, _, slug = people_in_a_room(broken.url)
        tab = await alice.open_tab(slug)
        broken.query("ALTER TABLE message RENAME TO message_away")
        try:
            await tab.say("while the database fails")
            received = await tab.receive_until(lambda t: "could not be saved" in t)
            assert "composer-error" in received
            assert 'name="client_id"' not in received  # the composer keeps the text
        finally:
            broken.query("ALTER TABLE message_away RENAME TO message")
        await tab.say("once it works again")
        await tab.receive_until(has_message("once it works again"))
        assert broken.saved_bodies(slug) == ["once it works again"]
        await tab.close()


async def test_a_crowd_arriving_changes_who_is_here_by_one_element_each(server, room):
    alice, _, slug = room
    alice_tab = await alice.open_tab(slug)
    await alice_tab.receive_until(lambda t: present_users(t) == [alice.username.lower()])
    whole_lists = alice_tab.text.count('<ul id="presence"')
    crowd = [new_person(server.url, "crowd") for _ in range(6)]
    for person in crowd:
        person.join_room(slug)
    tabs = await asyncio.gather(*(person.open_tab(slug) for person in crowd))
    everyone = sorted([alice.username.lower(), *(p.username.lower() for p in crowd)])
    await alice_tab.receive_until(lambda t: sorted(present_users(t)) == everyone)
    for person in crowd:
        assert alice_tab.text.count(f'id="presence-{person.username.lower()}"') == 1
    assert alice_tab.text.count('<ul id="presence"') == whole_lists  # changes only

    newcomer_view = await tabs[-1].receive_until(lambda t: sorted(present_users(t)) == everyone)
    assert newcomer_view.count('<ul id="presence"') == 1  # its own whole list, then changes

    await tabs[0].close()
    gone = f'<li id="presence-{crowd[0].username.lower()}" hx-swap-oob="delete">'
    await alice_tab.receive_until(lambda t: gone in t)
    # Most of the room leaving at once may come as the (now shorter) whole list.
    await asyncio.gather(*(tab.close() for tab in tabs[1:]))
    await alice_tab.receive_until(lambda t: present_users(t) == [alice.username.lower()])


async def test_a_second_tab_gets_who_is_here_as_soon_as_it_connects(room):
    """Not only a person's first tab (whose arrival wakes everyone) is sent the list at once."""
    alice, _, slug = room
    first = await alice.open_tab(slug)
    await first.receive_until(lambda t: present_users(t) == [alice.username.lower()])
    second = await alice.open_tab(slug)
    await second.receive_until(lambda t: present_users(t) == [alice.username.lower()], timeout=2)
