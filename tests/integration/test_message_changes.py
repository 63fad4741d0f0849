"""Editing and deleting messages through a real hypercorn: the forms' routes, their refusals,
the change live on every open tab, and a tab that was away catching up on what it missed."""

import re

import pytest

from tests.chat_client import has_message, new_person, said
from tests.server import live_server

pytestmark = pytest.mark.usefixtures("close_tabs")


@pytest.fixture(scope="module", name="server")
def _server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("changes") / "instance") as server:
        yield server


def message_element(received: str, message_id: int) -> str:
    """The last element for that message among what a tab received."""
    found = re.findall(rf'<li id="message-{message_id}".*?</li>', received, re.S)
    assert found, f"message {message_id} never arrived"
    return found[-1]


async def test_an_edit_replaces_the_message_on_every_open_tab(server, room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    message_id = await said(alice_tab, "teh typo")
    status, url, _ = alice.submit(
        f"/room/{slug}/m/{message_id}/edit/", {"body": "  the fix  "}, f"/room/{slug}/"
    )
    assert (status, url) == (200, f"{server.url}/room/{slug}/")  # 303 back to the room
    for tab in (alice_tab, bob_tab):
        await tab.receive_until(has_message("the fix"))
        replaced = message_element(tab.text, message_id)
        assert 'hx-swap-oob="true"' in replaced and 'class="edited"' in replaced
    assert server.saved_bodies(slug) == ["the fix"]


async def test_a_deleted_message_says_so_everywhere_and_its_text_is_gone(server, room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    message_id = await said(bob_tab, "regrettable")
    status, _, body = bob.submit(
        f"/room/{slug}/m/{message_id}/delete/", {}, f"/room/{slug}/", htmx=True
    )
    assert (status, body) == (204, "")
    for tab in (alice_tab, bob_tab):
        await tab.receive_until(lambda text: "message deleted" in text)
        assert "regrettable" not in message_element(tab.text, message_id)
    assert server.saved_bodies(slug) == [""]
    assert "regrettable" not in alice.get(f"/room/{slug}/")[1]


async def test_the_rooms_owner_may_delete_anyones_message_but_not_edit_it(server, room):
    alice, bob, slug = room  # alice made the room
    bob_tab = await bob.open_tab(slug)
    message_id = await said(bob_tab, "words of bob")
    edit = alice.submit(f"/room/{slug}/m/{message_id}/edit/", {"body": "x"}, f"/room/{slug}/")
    assert edit[0] == 403 and "Only its author can edit a message." in edit[2]
    assert server.saved_bodies(slug) == ["words of bob"]
    assert alice.submit(f"/room/{slug}/m/{message_id}/delete/", {}, f"/room/{slug}/")[0] == 200
    await bob_tab.receive_until(lambda text: "message deleted" in text)


async def test_changing_someone_elses_message_is_refused_and_changes_nothing(server, room):
    alice, bob, slug = room
    alice_tab = await alice.open_tab(slug)
    message_id = await said(alice_tab, "mine")
    page = f"/room/{slug}/"
    edit = bob.submit(f"/room/{slug}/m/{message_id}/edit/", {"body": "yours now"}, page)
    delete = bob.submit(f"/room/{slug}/m/{message_id}/delete/", {}, page)
    assert (edit[0], delete[0]) == (403, 403)
    assert "Only its author or the room&#39;s owners can delete a message." in delete[2]
    assert server.saved_bodies(slug) == ["mine"]


async def test_message_ids_that_are_not_in_a_room_of_yours_answer_404(server, room):
    alice, _, slug = room
    alice_tab = await alice.open_tab(slug)
    message_id = await said(alice_tab, "in the first room")
    other = alice.create_room("Elsewhere")
    page = f"/room/{slug}/"
    for path in (
        f"/room/{other}/m/{message_id}/edit/",  # a message of another room
        f"/room/{slug}/m/{message_id + 1000}/delete/",  # no such message
        f"/room/{slug}/m/not-a-number/delete/",
    ):
        assert alice.submit(path, {"body": "changed"}, page)[0] == 404, path
    carol = new_person(server.url, "carol")  # not a member of the room
    status, _, body = carol.submit(f"/room/{slug}/m/{message_id}/delete/", {}, "/")
    assert status == 404 and "in the first room" not in body
    deleted = alice.submit(f"/room/{slug}/m/{message_id}/delete/", {}, page)
    assert deleted[0] == 200
    again = alice.submit(f"/room/{slug}/m/{message_id}/edit/", {"body": "back?"}, page)
    assert again[0] == 404  # a deleted message cannot be edited
    assert server.saved_bodies(slug) == [""]


@pytest.mark.parametrize(
    ("body", "error"),
    [("   ", "Type a message before sending."), ("x" * 4001, "Messages are at most 4000")],
)
async def test_an_edit_that_breaks_the_rules_shows_the_form_again(server, room, body, error):
    alice, _, slug = room
    alice_tab = await alice.open_tab(slug)
    message_id = await said(alice_tab, "original")
    path = f"/room/{slug}/m/{message_id}/edit/"
    for htmx in (False, True):
        status, _, page = alice.submit(path, {"body": body}, f"/room/{slug}/", htmx=htmx)
        assert status == 422 and error in page and 'name="body"' in page
        assert ("<html" in page) is not htmx  # htmx gets the form alone, to swap in place
    assert server.saved_bodies(slug) == ["original"]


async def test_the_edit_form_is_a_page_without_htmx_and_a_fragment_with_it(server, room):
    alice, _, slug = room
    alice_tab = await alice.open_tab(slug)
    message_id = await said(alice_tab, "a <b>bold</b> claim")
    page = alice.get(f"/room/{slug}/m/{message_id}/edit/")[1]
    assert "<html" in page and "a &lt;b&gt;bold&lt;/b&gt; claim</textarea>" in page
    assert 'name="csrf_token"' in page


async def test_me_css_shows_each_person_the_actions_that_are_theirs(server, room):
    alice, bob, _ = room
    alice_css, bob_css = alice.get("/me.css")[1], bob.get("/me.css")[1]
    assert f'.message[data-author="{alice.username.lower()}"] .action-edit' in alice_css
    assert "#chat[data-room=" in alice_css  # she owns the room
    assert "#chat[data-room=" not in bob_css
    assert alice.username.lower() not in bob_css


async def test_a_tab_that_was_away_gets_every_edit_and_deletion_it_missed_once(server, room):
    alice, bob, slug = room
    alice_tab = await alice.open_tab(slug)
    await alice_tab.resume(None)
    kept = await said(alice_tab, "to be edited")
    doomed = await said(alice_tab, "to be deleted")
    await alice_tab.settle()
    last_seen = alice_tab.last_seen
    await alice_tab.close()

    page = f"/room/{slug}/"
    for n in range(3):
        alice.submit(f"/room/{slug}/m/{kept}/edit/", {"body": f"edit {n}"}, page)
    alice.submit(f"/room/{slug}/m/{doomed}/delete/", {}, page)
    bob_tab = await bob.open_tab(slug)
    new = await said(bob_tab, "posted while away")
    bob.submit(f"/room/{slug}/m/{new}/edit/", {"body": "posted and edited"}, page)

    again = await alice.open_tab(slug)
    await again.resume(last_seen)
    received = await again.receive_until(lambda text: "posted and edited" in text)
    received = await again.settle()
    assert re.findall(r'<li id="message-(\d+)"', received) == [str(new), str(kept), str(doomed)]
    assert "edit 2" in message_element(received, kept) and "edit 0" not in received
    assert "message deleted" in message_element(received, doomed)
    assert again.last_seen == last_seen + 6  # 3 edits, a deletion, a post and its edit
    assert "posted while away" not in received  # the new message as it is now


def reactions_of(element: str) -> dict[str, str]:
    """emoji -> who reacted, from a message element."""
    found = re.findall(r'value="([^"]+)"[^>]*data-users="([^"]*)"', element)
    return dict(found)


async def test_reactions_toggle_live_and_say_who(server, room):
    alice, bob, slug = room
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    message_id = await said(alice_tab, "lunch?")
    path, page = f"/room/{slug}/m/{message_id}/react/", f"/room/{slug}/"
    assert bob.submit(path, {"emoji": "👍"}, page, htmx=True)[0] == 204
    assert alice.submit(path, {"emoji": "👍"}, page)[:2] == (200, f"{server.url}{page}")
    assert alice.submit(path, {"emoji": "🎉"}, page)[0] == 200
    who = f"{bob.username} {alice.username}".lower()
    for tab in (alice_tab, bob_tab):
        await tab.receive_until(lambda text: "🎉" in text)
        assert reactions_of(message_element(tab.text, message_id)) == {
            "👍": who,
            "🎉": alice.username.lower(),
        }
    bob.submit(path, {"emoji": "👍"}, page)  # again: taken off
    await alice_tab.receive_until(
        lambda text: (
            reactions_of(message_element(text, message_id)).get("👍") == alice.username.lower()
        )
    )
    assert f"{alice.username}, {bob.username}" not in message_element(alice_tab.text, message_id)


async def test_a_reaction_must_be_one_of_the_set_on_a_message_of_a_room_of_yours(server, room):
    alice, bob, slug = room
    alice_tab = await alice.open_tab(slug)
    message_id = await said(alice_tab, "react to me")
    page = f"/room/{slug}/"
    for emoji in ("", "💩", "<script>", "👍👍"):
        status, _, body = bob.submit(f"/room/{slug}/m/{message_id}/react/", {"emoji": emoji}, page)
        assert status == 400 and "React with one of" in body, emoji
    other = alice.create_room("Elsewhere")
    assert alice.submit(f"/room/{other}/m/{message_id}/react/", {"emoji": "👍"}, page)[0] == 404
    carol = new_person(server.url, "carol")
    assert carol.submit(f"/room/{slug}/m/{message_id}/react/", {"emoji": "👍"}, "/")[0] == 404
    alice.submit(f"/room/{slug}/m/{message_id}/delete/", {}, page)
    assert bob.submit(f"/room/{slug}/m/{message_id}/react/", {"emoji": "👍"}, page)[0] == 404


async def test_a_tab_that_was_away_sees_the_reactions_as_they_are_now(server, room):
    alice, bob, slug = room
    alice_tab = await alice.open_tab(slug)
    await alice_tab.resume(None)
    message_id = await said(alice_tab, "vote here")
    await alice_tab.settle()
    last_seen = alice_tab.last_seen
    await alice_tab.close()
    page = f"/room/{slug}/"
    for emoji in ("👍", "😂", "👍"):  # on, on, off
        bob.submit(f"/room/{slug}/m/{message_id}/react/", {"emoji": emoji}, page)
    again = await alice.open_tab(slug)
    await again.resume(last_seen)
    received = await again.receive_until(lambda text: "😂" in text)
    assert reactions_of(message_element(received, message_id)) == {"😂": bob.username.lower()}
    assert received.count(f'<li id="message-{message_id}"') == 1
    assert alice.get(page)[1].count('class="reaction"') == 1  # the page shows it too
