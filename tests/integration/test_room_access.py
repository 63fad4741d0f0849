"""Open and private rooms through the real pages: the directory lists open rooms only; a private
room is a member's alone (its page, code, history, search and socket answer as for no room at
all); invite links let people in until the owner resets them; codes that lead nowhere are
throttled."""

import re

import pytest

from backchat.messaging import save_message
from backchat.models import Membership, Room, User
from tests.conftest import AuthActions

ROOM_PATH = re.compile(r"/room/([a-z0-9-]+-[a-z0-9]{4})/")
INVITE = re.compile(r'id="invite-link" class="invite-link" value="http://localhost(/join/[^"]+/)"')


async def person(app, name: str) -> AuthActions:
    """Someone registered and signed in, with a browser of their own."""
    actions = AuthActions(app.test_client())
    await actions.register(name)
    return actions


async def new_room(owner: AuthActions, name: str, visibility: str = "open") -> str:
    response = await owner.post("/create/", {"room_name": name, "visibility": visibility})
    assert response.status_code == 303
    return ROOM_PATH.fullmatch(response.headers["Location"]).group(1)


async def page(actions: AuthActions, path: str) -> tuple[int, str]:
    response = await actions.client.get(path)
    return response.status_code, await response.get_data(as_text=True)


async def invite_path(owner: AuthActions, slug: str) -> str:
    found = INVITE.search((await page(owner, f"/room/{slug}/"))[1])
    assert found, "no invite link on the room page"
    return found.group(1)


async def test_the_directory_lists_open_rooms_and_never_private_ones(app):
    alice, bob = await person(app, "alice"), await person(app, "bob")
    await new_room(alice, "Town square")
    secret = await new_room(alice, "Secret plans", "private")
    status, listing = await page(bob, "/rooms/")
    assert status == 200
    assert "Town square" in listing and "1 member" in listing
    assert "Secret plans" not in listing and secret not in listing
    assert "Town square" not in (await page(bob, "/rooms/?q=plans"))[1]
    assert "Town square" in (await page(bob, "/rooms/?q=SQUARE"))[1]
    # Hostile search text is only text.
    status, hostile = await page(bob, "/rooms/?q=%3Cscript%3E%25'--")
    assert status == 200 and "<script>" not in hostile


async def test_a_private_room_answers_a_stranger_as_if_it_did_not_exist(app):
    alice, bob = await person(app, "alice"), await person(app, "bob")
    secret = await new_room(alice, "Secret plans", "private")
    room = await Room.get(slug=secret)
    await save_message(room, await User.get(username_key="alice"), "the plan")
    unknown = await page(bob, "/room/nothing-here-1234/")
    status, body = await page(bob, f"/room/{secret}/")
    assert (status, unknown[0]) == (404, 404)
    assert "Room not found" in body and "the plan" not in body and "Secret plans" not in body
    # Nothing else of it either: history, search, a permalink, its message actions.
    message_id = (await room.messages.all().first()).id
    for path in (
        f"/room/{secret}/messages?before={message_id + 1}",
        f"/room/{secret}/search/?q=plan",
        f"/room/{secret}/m/{message_id}/",
    ):
        assert (await page(bob, path))[0] == 404, path
    assert "the plan" not in (await page(bob, "/search/?q=plan"))[1]
    refused = await bob.post(f"/room/{secret}/m/{message_id}/react/", {"emoji": "👍"})
    assert refused.status_code == 404
    # Its bare code in the join form is an unknown code, and nobody joined anything.
    joined = await bob.post("/join/", {"room_slug": secret})
    assert joined.status_code == 404
    assert f"No room with code “{secret}”." in await joined.get_data(as_text=True)
    assert not await Membership.exists(room=room, user__username_key="bob")


async def test_an_invite_link_shows_the_room_and_joins_it(app):
    alice, bob = await person(app, "alice"), await person(app, "bob")
    secret = await new_room(alice, "Secret plans", "private")
    invite = await invite_path(alice, secret)
    status, body = await page(bob, invite)
    assert status == 200
    assert "You are invited to" in body and "Secret plans" in body and "1 member" in body
    assert not await Membership.exists(room__slug=secret, user__username_key="bob")  # not yet
    joined = await bob.post(invite, {})
    assert (joined.status_code, joined.headers["Location"]) == (303, f"/room/{secret}/")
    assert (await page(bob, f"/room/{secret}/"))[0] == 200
    again = await bob.client.get(invite)  # a member goes straight in
    assert (again.status_code, again.headers["Location"]) == (303, f"/room/{secret}/")
    # The join form takes the whole link too.
    carol = await person(app, "carol")
    pasted = await carol.post("/join/", {"room_slug": f"  http://localhost{invite}  "})
    assert pasted.status_code == 303
    assert await Membership.exists(room__slug=secret, user__username_key="carol")


async def test_a_signed_out_invitee_signs_up_and_comes_back_to_the_invite(app, client, auth):
    alice = await person(app, "alice")
    invite = await invite_path(alice, await new_room(alice, "Secret plans", "private"))
    response = await client.get(invite)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/auth/login/?next={invite}"
    registered = await auth.register("bob", next=invite)
    assert registered.headers["Location"] == invite


async def test_only_the_owner_resets_the_invite_and_the_old_link_stops_working(app):
    alice, bob = await person(app, "alice"), await person(app, "bob")
    secret = await new_room(alice, "Secret plans", "private")
    old = await invite_path(alice, secret)
    await bob.post(old, {})
    assert "Reset link" not in (await page(bob, f"/room/{secret}/"))[1]
    assert (await bob.post(f"/room/{secret}/invite/reset/", {})).status_code == 403
    carol = await person(app, "carol")
    assert (await carol.post(f"/room/{secret}/invite/reset/", {})).status_code == 404
    assert await invite_path(alice, secret) == old  # unchanged

    reset = await alice.post(f"/room/{secret}/invite/reset/", {})
    assert (reset.status_code, reset.headers["Location"]) == (303, f"/room/{secret}/settings/")
    new = await invite_path(alice, secret)
    assert new != old
    status, body = await page(carol, old)
    assert status == 404 and "This invite link does not work" in body
    assert (await carol.post(old, {})).status_code == 404
    assert not await Membership.exists(room__slug=secret, user__username_key="carol")
    assert (await carol.post(new, {})).status_code == 303


async def test_an_open_rooms_invite_link_lets_people_in_too(app):
    """Open or private, a room's invite link is the same kind: switching keeps it working."""
    alice, bob = await person(app, "alice"), await person(app, "bob")
    slug = await new_room(alice, "Town square")
    joined = await bob.post(await invite_path(alice, slug), {})
    assert (joined.status_code, joined.headers["Location"]) == (303, f"/room/{slug}/")
    assert await Membership.exists(room__slug=slug, user__username_key="bob")


@pytest.mark.parametrize("visibility", ["", "secret", "OPEN", "x" * 1000])
async def test_creating_a_room_with_an_unknown_visibility_says_so(app, visibility):
    alice = await person(app, "alice")
    response = await alice.post("/create/", {"room_name": "Odd", "visibility": visibility})
    assert response.status_code == 400
    assert "Choose whether the room is open or private." in await response.get_data(as_text=True)
    assert not await Room.exists(name="Odd")


async def test_codes_that_lead_nowhere_are_throttled(make_app):
    app = await make_app(ROOM_CODE_FAILURES_PER_5MIN=3)
    alice, bob = await person(app, "alice"), await person(app, "bob")
    slug = await new_room(alice, "Town square")
    for n in range(3):
        assert (await page(bob, f"/room/guess-{n:04d}/"))[0] == 404
    assert (await bob.post("/join/", {"room_slug": "guess-9999"})).status_code == 429
    refused = await bob.client.get(f"/room/{slug}/")  # even a right guess waits now
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many room codes or invites led nowhere." in await refused.get_data(as_text=True)
    assert (await page(bob, "/join/not-a-real-invite/"))[0] == 429
    # Someone else, and a member visiting their own rooms, are not held up.
    assert (await page(alice, f"/room/{slug}/"))[0] == 200


async def test_every_account_starts_in_the_lobby_and_the_first_is_the_admin(app):
    alice, bob = await person(app, "alice"), await person(app, "bob")
    for actions in (alice, bob):
        assert 'href="/room/lobby/"' in (await page(actions, "/"))[1]
    assert "Lobby" in (await page(bob, "/rooms/"))[1]
    admins = await User.filter(is_admin=True).values_list("username", flat=True)
    assert admins == ["alice"]
    assert await Membership.filter(room__slug="lobby").count() == 2
