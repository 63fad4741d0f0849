"""Creating, joining and visiting rooms through the real pages."""

import re

import pytest

from backchat.messaging import save_message
from backchat.models import Membership, Room, User
from backchat.rooms import LOBBY_SLUG

ROOM_PATH = re.compile(r"/room/([a-z0-9-]+-[a-z0-9]{4})/")


async def create(auth, name: str):
    return await auth.post("/create/", {"room_name": name})


async def created_slug(auth, name: str) -> str:
    response = await create(auth, name)
    assert response.status_code == 303
    return ROOM_PATH.fullmatch(response.headers["Location"]).group(1)


async def test_creating_a_room_makes_you_a_member_and_opens_it(client, auth):
    await auth.register("alice")
    slug = await created_slug(auth, "Café crew")
    assert slug.startswith("cafe-crew-")
    room = await Room.get(slug=slug)
    assert room.name == "Café crew"
    assert await Membership.exists(room=room, user__username="alice")

    page = await (await client.get(f"/room/{slug}/")).get_data(as_text=True)
    assert "Café crew" in page
    assert f"<code>{slug}</code>" in page
    assert 'value="http://localhost/join/' in page  # the invite link
    assert f'ws-connect="/chat/{slug}/"' in page
    assert 'hx-ext="ws"' in page
    assert 'id="messages"' in page
    assert "ws-send" in page
    assert 'name="message"' in page
    assert 'data-member="alice"' in page


@pytest.mark.parametrize(
    ("name", "prefix"), [("🎉🎉🎉", "room-"), ("東京の部屋", "room-"), ("Ça va? ✨", "ca-va-")]
)
async def test_rooms_can_have_names_in_any_script(client, auth, name, prefix):
    await auth.register("alice")
    slug = await created_slug(auth, f"  {name}  ")
    assert slug.startswith(prefix)
    assert (await Room.get(slug=slug)).name == name
    assert name in await (await client.get(f"/room/{slug}/")).get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the room a name"),
        ("    ", "Give the room a name"),
        ("x" * 81, "at most 80 characters"),
        ("y" * 100_000, "at most 80 characters"),
    ],
)
async def test_invalid_room_names_are_refused_with_a_reason(auth, name, message):
    await auth.register("alice")
    response = await create(auth, name)
    assert response.status_code == 400
    assert message in await response.get_data(as_text=True)
    assert not await Room.exclude(slug=LOBBY_SLUG).exists()


async def test_room_names_are_shown_as_text_not_html(client, auth):
    await auth.register("alice")
    slug = await created_slug(auth, '<script>alert("x")</script>')
    page = await (await client.get(f"/room/{slug}/")).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


async def second_user(app):
    """A second browser, signed up as bob."""
    from tests.conftest import AuthActions

    client = app.test_client()
    auth = AuthActions(client)
    await auth.register("bob")
    return client, auth


@pytest.mark.parametrize(
    "typed",
    [
        "{slug}",
        "  {SLUG}  ",
        "http://localhost/room/{slug}/",
    ],
)
async def test_joining_by_code_or_link_makes_you_a_member(app, auth, typed):
    await auth.register("alice")
    slug = await created_slug(auth, "Book club")
    _, bob = await second_user(app)
    response = await bob.post("/join/", {"room_slug": typed.format(slug=slug, SLUG=slug.upper())})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/room/{slug}/"
    assert await Membership.exists(room__slug=slug, user__username="bob")


async def test_joining_an_unknown_code_is_a_404_with_the_form_again(auth):
    await auth.register("alice")
    response = await auth.post("/join/", {"room_slug": "  Nope-1234 "})
    page = await response.get_data(as_text=True)
    assert response.status_code == 404
    assert "No room with code “nope-1234”" in page
    assert 'name="room_slug"' in page
    assert not await Membership.exclude(room__slug=LOBBY_SLUG).exists()


async def test_joining_with_an_empty_code_asks_for_one(auth):
    await auth.register("alice")
    response = await auth.post("/join/", {"room_slug": "   "})
    assert response.status_code == 400
    assert "Enter a room code" in await response.get_data(as_text=True)


async def test_visiting_a_room_joins_it(app, auth):
    await auth.register("alice")
    slug = await created_slug(auth, "Open room")
    bob_client, _ = await second_user(app)
    page = await (await bob_client.get(f"/room/{slug}/")).get_data(as_text=True)
    assert 'data-member="bob"' in page
    assert 'data-member="alice"' in page
    assert await Membership.exists(room__slug=slug, user__username="bob")


async def test_visiting_it_again_does_not_duplicate_the_membership(client, auth):
    await auth.register("alice")
    slug = await created_slug(auth, "Open room")
    for _ in range(3):
        assert (await client.get(f"/room/{slug}/")).status_code == 200
    assert await Membership.filter(room__slug=slug).count() == 1


async def test_an_unknown_room_is_a_friendly_404(client, auth):
    await auth.register("alice")
    response = await client.get("/room/no-such-room/")
    page = await response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Room not found" in page
    assert "<code>no-such-room</code>" in page
    assert not await Room.exclude(slug=LOBBY_SLUG).exists()


async def test_the_room_shows_the_latest_50_messages_oldest_first(client, auth):
    await auth.register("alice")
    slug = await created_slug(auth, "Chatty")
    room = await Room.get(slug=slug)
    alice = await User.get(username_key="alice")
    for number in range(1, 56):
        await save_message(room, alice, f"message number {number:02d}")
    page = await (await client.get(f"/room/{slug}/")).get_data(as_text=True)
    shown = re.findall(r"message number (\d\d)", page)
    assert shown == [f"{n:02d}" for n in range(6, 56)]
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">\d\d:\d\d</time>', page)


async def test_message_text_and_authors_are_escaped(client, auth):
    await auth.register("alice")
    slug = await created_slug(auth, "Safe")
    room = await Room.get(slug=slug)
    alice = await User.get(username_key="alice")
    await save_message(room, alice, """<img src=x onerror="alert('x')"> & "quotes" 'too'""")
    page = await (await client.get(f"/room/{slug}/")).get_data(as_text=True)
    assert "<img src=x" not in page
    # Quotes need no escaping in text; markup characters do.
    assert """&lt;img src=x onerror="alert('x')"&gt; &amp; "quotes" 'too'""" in page


async def test_home_lists_your_rooms_most_recently_active_first(client, auth):
    await auth.register("alice")
    quiet = await created_slug(auth, "Quiet room")
    busy = await created_slug(auth, "Busy room")
    newest = await created_slug(auth, "Newest room")
    alice = await User.get(username_key="alice")
    await save_message(await Room.get(slug=busy), alice, "hello")
    page = await (await client.get("/")).get_data(as_text=True)
    home = page[page.index('class="home"') :]
    order = [home.index(f"/room/{slug}/") for slug in (busy, newest, quiet)]
    assert order == sorted(order)


async def test_home_shows_the_create_and_join_forms(client, auth):
    await auth.register("alice")
    page = await (await client.get("/")).get_data(as_text=True)
    assert 'action="/create/"' in page
    assert 'action="/join/"' in page
    # A new account is in the Lobby, and its first account is the site's admin.
    assert f'href="/room/{LOBBY_SLUG}/"' in page
    assert (await User.get(username_key="alice")).is_admin
