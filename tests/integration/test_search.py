"""Search on SQLite (FTS5) and on the real PostgreSQL (full-text), below the HTTP layer: every
word required, a short last one as a prefix, stemmed; newest first, a page at a time; never another
room's message or a deleted one; and nothing anyone types is query syntax."""

import pytest
from markupsafe import escape

from backchat.editing import delete_message, edit_message
from backchat.messaging import save_message
from backchat.models import Room, User
from backchat.rooms import create_room, join_room
from backchat.search import highlight, search_messages, search_terms

HOSTILE = [
    '"',
    '"unbalanced',
    "*",
    "lunch*",
    "NEAR(lunch noon)",
    "lunch AND OR NOT",
    "lunch:* & !noon | (x",
    "' OR 1=1 --",
    "'; DROP TABLE message; --",
    "\\",
    "^lunch",
    "col:lunch",
    "{lunch}",
    "\x00",
    "lunch " * 50,
    "ünïcödé 🎉 数据",
]


@pytest.fixture(name="rooms")
async def _rooms(db):
    """alice and bob share "Team"; carol alone has "Secret". Returns (alice, bob, carol,
    team, secret)."""
    alice, bob, carol = [
        await User.create(username=name, username_key=name, password_hash="x")
        for name in ("alice", "bob", "carol")
    ]
    team = await create_room("Team", alice)
    await join_room(bob, team)
    secret = await create_room("Secret", carol)
    return alice, bob, carol, team, secret


async def found(user, query, **scope) -> list[str]:
    return [m.body for m in await search_messages(user.id, search_terms(query), 50, **scope)]


async def test_every_word_must_appear_a_short_last_one_is_a_prefix_and_words_are_stemmed(rooms):
    alice, bob, _, team, _ = rooms
    for body in (
        "Lunch at noon?",
        "The meetings moved to Friday",
        "lunch is cancelled",
        "noon works",
        "Café crème at the meeting",
    ):
        await save_message(team, alice, body)
    assert await found(bob, "lunch") == ["lunch is cancelled", "Lunch at noon?"]  # newest first
    assert await found(bob, "LUNCH noon") == ["Lunch at noon?"]
    assert await found(bob, "lun") == ["lunch is cancelled", "Lunch at noon?"]
    assert await found(bob, "meeting") == [
        "Café crème at the meeting",
        "The meetings moved to Friday",
    ]
    assert await found(bob, "noon lun") == ["Lunch at noon?"]
    assert await found(bob, "lunc") == ["lunch is cancelled", "Lunch at noon?"]
    # Past four characters the last word is a whole word (its stem), not the start of one.
    assert await found(bob, "cancel") == ["lunch is cancelled"]  # stemmed alike
    assert await found(bob, "friday") == ["The meetings moved to Friday"]
    assert await found(bob, "frida") == []
    assert await found(bob, "breakfast") == []


async def test_nobody_finds_what_is_not_in_their_rooms_or_was_deleted(rooms):
    alice, bob, carol, team, secret = rooms
    await save_message(secret, carol, "the secret plan")
    shared = await save_message(team, alice, "the public plan")
    gone = await save_message(team, alice, "the deleted plan")
    await delete_message(team, gone.message.id, alice)
    assert await found(bob, "plan") == ["the public plan"]
    assert await found(carol, "plan") == ["the secret plan"]
    assert await found(alice, "plan", room_id=secret.id) == []  # naming a room is no way in
    assert await found(bob, "plan", room_id=team.id) == ["the public plan"]
    await edit_message(team, shared.message.id, alice, "the revised idea")
    assert await found(bob, "plan") == []
    assert await found(bob, "revised") == ["the revised idea"]


async def test_results_come_a_page_at_a_time(rooms):
    alice, bob, _, team, _ = rooms
    ids = [(await save_message(team, alice, f"standup note {n}")).message.id for n in range(7)]
    terms = search_terms("standup")
    first = await search_messages(bob.id, terms, 3)
    assert [m.id for m in first] == ids[::-1][:3]
    rest = await search_messages(bob.id, terms, 10, before_id=first[-1].id)
    assert [m.id for m in rest] == ids[::-1][3:]
    assert all(m.author.username == "alice" and m.room.slug == team.slug for m in rest)


@pytest.mark.parametrize("query", HOSTILE)
async def test_any_query_text_is_safe(rooms, query):
    alice, bob, _, team, _ = rooms
    await save_message(team, alice, "Lunch at noon ünïcödé 数据")
    results = await found(bob, query)  # never a syntax error
    assert results in ([], ["Lunch at noon ünïcödé 数据"])
    assert await found(bob, "lunch") == ["Lunch at noon ünïcödé 数据"]  # the table is fine


def test_the_terms_are_words_only_each_once_and_few():
    assert search_terms(' "Lunch*" NEAR(lunch, noon) ') == ["lunch", "near", "noon"]
    assert search_terms("\"'*:&|!()") == []
    assert len(search_terms(" ".join(f"w{n}" for n in range(30)))) == 8


def test_matches_are_marked_in_escaped_text():
    shown = highlight("**Lunch** at <noon> & lunches", ["lunch"])
    assert shown == "<mark>Lunch</mark> at &lt;noon&gt; &amp; <mark>lunches</mark>"
    long = highlight("filler " * 100 + "the needle here " + "filler " * 100, ["needle"])
    assert long.startswith("…") and long.endswith("…") and "<mark>needle</mark>" in long
    assert len(long.striptags()) <= 210


# The pages, through the app (SQLite).


async def signed_in_room(auth, name: str) -> tuple[str, User]:
    """Register and create a room; its slug and the user."""
    await auth.register(name)
    response = await auth.post("/create/", {"room_name": f"Room of {name}"})
    slug = response.headers["Location"].strip("/").split("/")[-1]
    return slug, await User.get(username_key=name)


async def test_the_search_pages_show_marked_excerpts_linking_to_permalinks(client, auth):
    slug, alice = await signed_in_room(auth, "alice")
    room = await Room.get(slug=slug)
    event = await save_message(room, alice, "Lunch <b>at</b> noon?")
    for path in ("/search/?q=lunch", f"/room/{slug}/search/?q=LUNCH"):
        page = await (await client.get(path)).get_data(as_text=True)
        assert f'href="/room/{slug}/m/{event.message.id}/"' in page
        assert "<mark>Lunch</mark> &lt;b&gt;at&lt;/b&gt; noon?" in page
    empty = await (await client.get("/search/?q=breakfast")).get_data(as_text=True)
    assert "No messages match “breakfast”." in empty
    blank = await (await client.get("/search/")).get_data(as_text=True)
    assert "every word must appear" in blank


@pytest.mark.parametrize("query", HOSTILE)
async def test_the_search_page_takes_any_query(client, auth, query):
    await signed_in_room(auth, "alice")
    response = await client.get("/search/", query_string={"q": query})
    assert response.status_code == 200
    page = await response.get_data(as_text=True)
    assert f'name="q" value="{escape(query[:200])}"' in page  # shown back as text


async def test_searching_a_room_you_are_not_in_is_not_found(client, auth):
    slug, _ = await signed_in_room(auth, "alice")
    await auth.logout()
    await auth.register("mallory")
    assert (await client.get(f"/room/{slug}/search/?q=x")).status_code == 404
    assert (await client.get("/room/no-such-room/search/?q=x")).status_code == 404
    assert (await client.get("/search/?q=x&before=abc")).status_code == 400
    await auth.logout()
    response = await client.get("/search/?q=x")
    assert response.status_code in (302, 303) and "/auth/login/" in response.headers["Location"]
