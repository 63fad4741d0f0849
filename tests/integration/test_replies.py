"""Replies through a real hypercorn: a reply quotes the start of its original and links to its
permalink, live and on the saved page; a reply to a message that is not the room's is refused
and nothing is saved."""

import re
import urllib.error

import pytest

from tests.chat_client import has_message, new_person, said
from tests.server import live_server

pytestmark = pytest.mark.usefixtures("close_tabs")


@pytest.fixture(scope="module", name="server")
def _server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("replies") / "instance") as server:
        yield server


def saved_replies(server, slug: str) -> list[tuple[str, int | None]]:
    """(body, id of the message it replies to) of a room's saved messages, in order."""
    return server.query(
        "SELECT m.body, m.reply_to_id FROM message m JOIN room r ON r.id = m.room_id"
        " WHERE r.slug = ? ORDER BY m.id",
        slug,
    )


def quote_of(received: str, message_id: int) -> str:
    """The reply quote inside the last element received for a message."""
    found = re.findall(rf'<li id="message-{message_id}".*?</li>', received, re.S)
    assert found, f"message {message_id} never arrived"
    quote = re.search(r'<a class="reply-quote".*?</a>', found[-1], re.S)
    assert quote, f"message {message_id} quotes nothing"
    return quote.group(0)


async def test_a_reply_quotes_its_original_for_everyone_and_links_to_it(server, room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    long_text = "**Lunch** at <b>noon</b>? " + "We could try the new place by the river. " * 5
    original = await said(alice_tab, long_text)
    reply = await said(bob_tab, "Yes!", reply_to=str(original))
    await alice_tab.receive_until(has_message("Yes!"))
    for tab in (alice_tab, bob_tab):
        quote = quote_of(tab.text, reply)
        assert f'href="/room/{slug}/m/{original}/"' in quote
        assert f'<span class="reply-author">{alice.username}</span>' in quote
        excerpt = re.search(r'<span class="reply-excerpt">(.*?)</span>', quote).group(1)
        # Formatting dropped, the text escaped, cut short with an ellipsis.
        assert excerpt.startswith("Lunch at &lt;b&gt;noon&lt;/b&gt;? We could try")
        assert excerpt.endswith("…") and len(excerpt) < 160
    assert saved_replies(server, slug) == [(long_text.strip(), None), ("Yes!", original)]
    # The composer's reply is cleared with the text once the reply is saved.
    assert re.search(
        r'<div id="replying-to" class="replying-to" hx-swap-oob="true">\s*</div>', bob_tab.text
    )
    # The saved page shows the same quote.
    page = alice.get(f"/room/{slug}/")[1]
    assert quote_of(page, reply) == quote_of(alice_tab.text, reply)


async def test_a_reply_keeps_its_quote_through_an_edit_and_shows_a_deleted_original(server, room):
    alice, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    original = await said(bob_tab, "first thought")
    reply = await said(bob_tab, "second thought", reply_to=original)  # a number works too
    status, _, _ = bob.submit(
        f"/room/{slug}/m/{reply}/edit/", {"body": "better thought"}, f"/room/{slug}/", htmx=True
    )
    assert status == 204
    await bob_tab.receive_until(has_message("better thought"))
    assert "first thought" in quote_of(bob_tab.text, reply)
    assert bob.submit(f"/room/{slug}/m/{original}/delete/", {}, f"/room/{slug}/")[0] == 200
    page = alice.get(f"/room/{slug}/")[1]
    assert "message deleted" in quote_of(page, reply)
    assert "first thought" not in page


async def test_a_reply_to_a_message_that_is_not_the_rooms_is_refused(server, room):
    alice, bob, slug = room
    elsewhere = alice.create_room("Elsewhere")
    other_tab = await alice.open_tab(elsewhere)
    foreign = await said(other_tab, "in another room")
    bob_tab = await bob.open_tab(slug)
    gone = await said(bob_tab, "soon gone")
    bob.submit(f"/room/{slug}/m/{gone}/delete/", {}, f"/room/{slug}/")
    for reply_to in (foreign, gone, 10**12):
        await bob_tab.say(f"answer to {reply_to}", reply_to=str(reply_to))
        await bob_tab.receive_until(lambda text: "not in this room" in text)
        bob_tab.frames.clear()
    assert [body for body, _ in saved_replies(server, slug)] == [""]  # only the deleted one


@pytest.mark.parametrize("reply_to", ["x", "-1", "1.5", True, [1], {"id": 1}, -4, "9" * 30])
async def test_a_reply_to_field_that_is_no_message_id_gets_an_error_and_saves_nothing(
    server, room, reply_to
):
    _, bob, slug = room
    bob_tab = await bob.open_tab(slug)
    await bob_tab.say("hello?", reply_to=reply_to)
    await bob_tab.receive_until(lambda text: "could not be read" in text)
    assert server.saved_bodies(slug) == []
    assert await said(bob_tab, "still here")  # the socket lives


async def test_starting_a_reply_shows_its_original_above_the_composer(server, room):
    alice, bob, slug = room
    alice_tab = await alice.open_tab(slug)
    original = await said(alice_tab, "Who is in <tomorrow>?")
    _, bar = bob.get(f"/room/{slug}/m/{original}/reply/", htmx=True)
    assert f'name="reply_to" value="{original}" checked' in bar
    assert f"Replying to <strong>{alice.username}</strong>" in bar
    assert "Who is in &lt;tomorrow&gt;?" in bar
    # Without htmx: the original's permalink.
    url, _ = bob.get(f"/room/{slug}/m/{original}/reply/")
    assert url == f"{server.url}/room/{slug}/m/{original}/"


async def test_starting_a_reply_to_a_message_elsewhere_is_not_found(server, room):
    alice, bob, slug = room
    private = alice.create_room("Alice only")
    tab = await alice.open_tab(private)
    theirs = await said(tab, "not for bob")
    stranger = new_person(server.url, "stranger")
    for person, path in (
        (bob, f"/room/{private}/m/{theirs}/reply/"),  # a room he is not in
        (bob, f"/room/{slug}/m/{theirs}/reply/"),  # another room's message
        (stranger, f"/room/{private}/m/{theirs}/reply/"),
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            person.get(path, htmx=True)
        refused.value.close()
        assert refused.value.code == 404
