"""Desktop notifications, as the server asks for them, on the in-process broker and across two
processes on Redis: a page's sidebar socket is sent a `#desktop-notice` for a new message by
someone else in another of the reader's rooms when it names them, or in a direct
conversation, as their level for the room says (nothing at "none"); a room page tells our
extension what of its own room's messages raise one (`data-notices`, `data-me`). Whether one
is raised (turned on, page in the background) is the browser's part: see
tests/browser/test_private_rooms_in_a_browser.py."""

import html
import re

import pytest

from tests.chat_client import new_person, people_in_a_room, room_id_of, said, unread

pytestmark = pytest.mark.usefixtures("close_tabs")

NOTICE = re.compile(r'<p id="desktop-notice" hidden hx-swap-oob="true" ([^>]*)></p>')


def notices(received: str) -> list[dict[str, str]]:
    """The desktop notices a page was sent, in order, as their data attributes."""
    return [
        {name: html.unescape(value) for name, value in re.findall(r'data-(\w+)="([^"]*)"', attrs)}
        for attrs in NOTICE.findall(received)
    ]


def open_direct(browser, other) -> str:
    """Follow `/dm/<other>/` to the conversation; its slug."""
    url, _ = browser.get(f"/dm/{other.username}/")
    return url.rstrip("/").rsplit("/", 1)[-1]


async def test_a_mention_elsewhere_is_noticed_and_chatter_is_not(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first, "Planning & <ops>")
    room_id = room_id_of(bob, slug)
    alice_tab = await alice.open_tab(slug, server_url=first)
    bob_home = await bob.open_sidebar(server_url=second)
    await bob_home.receive_until(lambda t: unread(t, room_id) == (0, 0))

    await said(alice_tab, "just chatter")
    mention = await said(alice_tab, f"@{bob.username} can you <b>look</b>?")
    await bob_home.receive_until(lambda t: unread(t, room_id) == (2, 1))
    await bob_home.settle()
    assert notices(bob_home.text) == [
        {
            "notice": f"message-{mention}",
            "title": f"{alice.username} in #Planning & <ops>",
            "body": f"@{bob.username} can you <b>look</b>?",
            "href": f"/room/{slug}/m/{mention}/",
        }
    ]
    assert "<b>look" not in bob_home.text  # escaped, as everything a user wrote

    # Nobody is notified of their own words, nor of an edit, nor at level "none".
    bob_tab = await bob.open_tab(slug, server_url=first)
    await said(bob_tab, f"talking to myself, @{bob.username}")
    alice.submit(f"/room/{slug}/m/{mention}/edit/", {"body": f"@{bob.username} please"}, "/")
    bob.submit(f"/room/{slug}/notifications/", {"level": "none"}, "/", htmx=True)
    await bob_home.receive_until(lambda t: unread(t, room_id) == (0, 0))
    await said(alice_tab, f"@{bob.username} still there?")
    assert len(notices(await bob_home.settle())) == 1

    # A room page says what of its own room raises one: mentions here (none at "none").
    assert 'data-notices=""' in bob.get(f"/room/{slug}/")[1]
    bob.submit(f"/room/{slug}/notifications/", {"level": "all"}, "/", htmx=True)
    page = bob.get(f"/room/{slug}/")[1]
    assert f'data-me="{bob.username.lower()}" data-notices="mentions"' in page


async def test_every_message_of_a_direct_conversation_is_noticed(servers):
    first, second = servers
    alice, bob = new_person(first, "alice"), new_person(first, "bob")
    slug = open_direct(alice, bob)
    assert 'data-notices="all"' in alice.get(f"/room/{slug}/")[1]
    bob_home = await bob.open_sidebar(server_url=second)
    room_id = room_id_of(bob, slug)
    await bob_home.receive_until(lambda t: unread(t, room_id) == (0, 0))
    alice_tab = await alice.open_tab(slug, server_url=first)

    first_id = await said(alice_tab, "are you free at three?")
    await bob_home.receive_until(lambda t: len(notices(t)) == 1)
    assert notices(bob_home.text)[0] == {
        "notice": f"message-{first_id}",
        "title": alice.username,
        "body": "are you free at three?",
        "href": f"/room/{slug}/m/{first_id}/",
    }

    # At "mentions only", a direct conversation notifies of mentions alone.
    bob.submit(f"/room/{slug}/notifications/", {"level": "mentions"}, "/", htmx=True)
    assert 'data-notices="mentions"' in bob.get(f"/room/{slug}/")[1]
    await bob_home.receive_until(lambda t: unread(t, room_id) == (0, 0))
    await said(alice_tab, "no rush")
    named = await said(alice_tab, f"@{bob.username} ping")
    await bob_home.receive_until(lambda t: unread(t, room_id) == (1, 1))
    assert [n["notice"] for n in notices(await bob_home.settle())] == [
        f"message-{first_id}",
        f"message-{named}",
    ]
