"""Mentions through a real hypercorn: `@name` marked in the one fragment everyone gets, with
the names it mentions for /me.css to highlight; the mentioned person's list at /mentions/,
newest first, following edits and deletions, and never showing a room they are not in."""

import re
import urllib.error

import pytest

from tests.chat_client import (
    Browser,
    has_message,
    new_person,
    said,
)
from tests.server import live_server

pytestmark = pytest.mark.usefixtures("close_tabs")


@pytest.fixture(scope="module", name="server")
def _server(tmp_path_factory):
    # One test sends 53 messages at once: over a person's default rate.
    limits = {"MESSAGE_RATE_BURST": "100", "MESSAGE_RATE_PER_SECOND": "100"}
    with live_server(tmp_path_factory.mktemp("mentions") / "instance", limits) as server:
        yield server


def listed(person) -> list[str]:
    """The texts of the messages on the person's mentions page, in order."""
    page = person.get("/mentions/")[1]
    return [
        re.sub(r"<[^>]+>", "", body).strip()
        for body in re.findall(r'<div class="found-body">(.*?)</div>', page, re.S)
    ]


async def test_a_mention_is_marked_for_everyone_and_named_for_the_mentioned(server, room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    bob_name = bob.username
    text = f"@{bob_name.upper()} can you look? `@{alice.username}`"
    message_id = await said(alice_tab, text)
    await bob_tab.receive_until(has_message(text))
    for tab in (alice_tab, bob_tab):
        element = re.search(rf'<li id="message-{message_id}"[^>]*>', tab.text).group(0)
        assert f'data-mentions="{bob_name.lower()}"' in element  # not the name in code
        assert f'<span class="mention">@{bob_name.upper()}</span>' in tab.text
    # bob's stylesheet marks messages that mention him; alice's does not.
    assert f'.message[data-mentions~="{bob_name.lower()}"]' in bob.get("/me.css")[1]
    assert f'[data-mentions~="{bob_name.lower()}"]' not in alice.get("/me.css")[1]


async def test_the_mentions_page_lists_the_newest_first_and_follows_changes(server, room):
    alice, bob, slug = room
    alice_tab = await alice.open_tab(slug)
    first = await said(alice_tab, f"hello @{bob.username}")
    await said(alice_tab, "no mention here")
    second = await said(alice_tab, f"@{bob.username}, lunch?")
    await said(alice_tab, f"email {bob.username}@example.com is no mention")
    bob_tab = await bob.open_tab(slug)
    await said(bob_tab, f"talking to myself, @{bob.username}")  # naming yourself is no news
    page = bob.get("/mentions/")[1]
    assert listed(bob) == [f"@{bob.username}, lunch?", f"hello @{bob.username}"]
    assert f'href="/room/{slug}/m/{second}/"' in page and f'href="/room/{slug}/m/{first}/"' in page
    assert listed(alice) == []
    assert "Nobody has mentioned you yet" in alice.get("/mentions/")[1]

    # An edit that drops the name drops the mention; one that adds it adds it.
    alice.submit(f"/room/{slug}/m/{first}/edit/", {"body": "hello all"}, f"/room/{slug}/")
    alice.submit(
        f"/room/{slug}/m/{second}/edit/",
        {"body": f"@{bob.username} @{alice.username} lunch?"},
        f"/room/{slug}/",
    )
    assert listed(bob) == [f"@{bob.username} @{alice.username} lunch?"]
    assert listed(alice) == []  # her own name in her own message
    alice.submit(f"/room/{slug}/m/{second}/delete/", {}, f"/room/{slug}/")
    assert listed(bob) == []


async def test_mentions_come_a_page_at_a_time(server, room):
    alice, bob, slug = room
    tab = await alice.open_tab(slug)
    for n in range(53):  # HISTORY_PAGE_SIZE is 50
        await tab.say(f"@{bob.username} number {n}")
    await tab.receive_until(has_message(f"@{bob.username} number 52"), timeout=15)
    page = bob.get("/mentions/")[1]
    assert len(listed(bob)) == 50
    older = re.search(r'href="/mentions/\?before=(\d+)">Older mentions', page).group(1)
    rest = bob.get(f"/mentions/?before={older}")[1]
    texts = [
        re.sub(r"<[^>]+>", "", b).strip() for b in re.findall(r'found-body">(.*?)</div>', rest)
    ]
    assert texts == [f"@{bob.username} number {n}" for n in (2, 1, 0)]
    assert "Older mentions" not in rest
    for bad in ("x", "-1", "1.5", "9" * 40):
        with pytest.raises(urllib.error.HTTPError) as refused:
            bob.get(f"/mentions/?before={bad}")
        refused.value.close()
        assert refused.value.code == 400


async def test_a_mention_in_a_room_you_are_not_in_stays_there(server):
    alice = new_person(server.url, "alice")
    carol = new_person(server.url, "carol")
    slug = alice.create_room("Without carol")
    tab = await alice.open_tab(slug)
    await said(tab, f"don't tell @{carol.username}")
    assert listed(carol) == []
    assert "Without carol" not in carol.get("/mentions/")[1]
    carol.join_room(slug)  # once she is in, it is hers to see
    assert listed(carol) == [f"don't tell @{carol.username}"]


def test_the_mentions_page_needs_a_login(server):
    stranger = Browser(server.url)  # no account, no cookie
    url, _ = stranger.get("/mentions/")
    assert "/auth/login/" in url
