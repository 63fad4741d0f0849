"""The XSS corpus (tests/xss.py) in room names, usernames and messages is inert on every page
and pushed fragment that shows it: each is parsed and has the shape of the same page or
fragment made with harmless text."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from quart import Quart

from tests.chat_client import OPEN_TABS, Browser, close_all_tabs, has_message, people_in_a_room
from tests.conftest import AuthActions
from tests.server import live_server
from tests.xss import (
    HARMLESS,
    PAYLOADS,
    assert_inert,
    assert_same_shape,
    assert_shown_as_text,
    by_id,
    parse,
    top_level_with,
    without_formatting,
)

# Dozens of failed logins and registrations from one address are the point here, not abuse.
NO_THROTTLES = {
    "LOGIN_FAILURES_PER_5MIN": 1_000_000,
    "ROOM_CODE_FAILURES_PER_5MIN": 1_000_000,
    "REGISTRATIONS_PER_ADDRESS_PER_HOUR": 1_000_000,
    "MESSAGE_RATE_BURST": 1_000_000,
    "MESSAGE_RATE_PER_SECOND": 1_000_000,
}
# Usernames may hold only letters, digits, "_", "." and "-": the oddest that are allowed.
ODD_USERNAMES = ["__proto__", "constructor", "hx-get", "hx-on..click", "on.error", "-._.-X", "..."]


@pytest.fixture(name="app")
async def _app(make_app):
    return await make_app(**NO_THROTTLES)


async def page(auth: AuthActions, path: str, form: dict[str, str] | None = None) -> str:
    """The page at `path` (GET, or POST of `form` with the CSRF token), whatever its status."""
    if form is None:
        response = await auth.client.get(path)
    else:
        response = await auth.post(path, form)
    assert response.status_code < 500, path
    return await response.get_data(as_text=True)


async def test_hostile_room_names_are_inert_on_every_page_that_shows_them(app: Quart):
    mallory, harmless = AuthActions(app.test_client()), AuthActions(app.test_client())
    await AuthActions(app.test_client()).register("admin")  # neither is the site's admin
    await mallory.register("mallory")
    await harmless.register("harmless")
    rooms = []
    for payload in PAYLOADS:
        created = await mallory.post("/create/", {"room_name": payload})
        if created.status_code == 303:  # accepted: the same room, harmlessly named, to compare
            baseline = await harmless.post("/create/", {"room_name": HARMLESS})
            rooms.append((payload, created.headers["Location"], baseline.headers["Location"]))
        else:  # refused (a bidi override, say): the form shows it back, inert
            assert created.status_code == 400
            html = await created.get_data(as_text=True)
            too_long = await page(harmless, "/create/", {"room_name": HARMLESS + "x" * 80})
            assert_inert(html, too_long, payload)
    assert len(rooms) >= len(PAYLOADS) - 2

    home = await page(mallory, "/")
    assert_same_shape(parse(home), parse(await page(harmless, "/")), "home and sidebar")
    for payload, room, baseline in rooms:
        html = await page(mallory, room)
        assert_inert(html, await page(harmless, baseline), payload)
        assert_shown_as_text(home, parse(home), payload)

    for payload in PAYLOADS:
        for path, form in [
            ("/create/", {"room_name": payload + "x" * 80}),  # too long: shown back in the form
            ("/join/", {"room_slug": payload}),  # no such room: shown back, and its code
        ]:
            harmless_form = {name: value.replace(payload, HARMLESS) for name, value in form.items()}
            assert_inert(
                await page(mallory, path, form), await page(harmless, path, harmless_form), payload
            )
        unknown = payload.replace("/", "").lower()  # a room code in the path, as typed
        if unknown.strip():
            html = await page(mallory, f"/room/{quote(unknown, safe='')}/")
            assert_inert(html, await page(harmless, f"/room/{quote(HARMLESS, safe='')}/"), unknown)


async def test_hostile_usernames_are_refused_and_shown_back_inert(app: Quart):
    visitor = AuthActions(app.test_client())
    harmless_register = await page(
        visitor,
        "/auth/register/",
        {"username": HARMLESS, "password1": "a long password", "password2": "a long password"},
    )
    harmless_login = await page(
        visitor, "/auth/login/", {"username": HARMLESS, "password": "a long password"}
    )
    for payload in PAYLOADS:
        form = {"username": payload, "password1": "a long password", "password2": "a long password"}
        response = await visitor.post("/auth/register/", form)
        assert response.status_code == 400, payload
        assert_inert(await response.get_data(as_text=True), harmless_register, payload)
    for payload in PAYLOADS[::3]:  # each failed login costs a password hash: a third will do
        login = await page(visitor, "/auth/login/", {"username": payload, "password": "wrong"})
        assert_inert(login, harmless_login, payload)
    assert (await visitor.client.get("/create/")).status_code == 302  # nobody was signed in


@pytest.fixture(scope="module", name="server")
def _server(tmp_path_factory):
    env = {"DATABASE_URL": "", "REDIS_URL": "", **{k: str(v) for k, v in NO_THROTTLES.items()}}
    with live_server(tmp_path_factory.mktemp("xss") / "instance", env) as server:
        yield server


@pytest.fixture(autouse=True)
async def _close_tabs():
    yield
    for tab in OPEN_TABS:  # read what is waiting, or the client cannot see the server's close
        await tab.settle(0.05)
    await close_all_tabs()


async def test_hostile_messages_are_inert_when_pushed_and_on_the_room_page(server):
    alice, bob, slug = people_in_a_room(server.url, "Hostile")
    harmless_slug = alice.create_room("Harmless")
    bob.join_room(harmless_slug)
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    others = [await person.open_tab(harmless_slug) for person in (alice, bob)]
    await bob_tab.settle(0.2)

    async def pushed(text: str, tab=alice_tab, to=bob_tab) -> str:
        to.frames.clear()
        await tab.say(text)
        return await to.receive_until(lambda received: 'id="message-' in received)

    harmless_frame = [f.shape() for f in top_level_with(await pushed(HARMLESS), "message-")]
    formatted = 0
    for payload in PAYLOADS:
        frame = await pushed(payload)
        fragment = [without_formatting(f) for f in top_level_with(frame, "message-")]
        assert [f.shape() for f, _ in fragment] == harmless_frame, payload
        if any(count for _, count in fragment):  # Markdown in it ("__init__" is bold)
            formatted += 1
        else:
            assert_shown_as_text(frame, parse(frame), payload)
    assert formatted == 2  # the corpus's two payloads with Markdown emphasis in them
    for _ in range(len(PAYLOADS) + 1):
        await pushed(HARMLESS, tab=others[0], to=others[1])

    _, room_page = bob.get(f"/room/{slug}/")
    _, harmless_page = bob.get(f"/room/{harmless_slug}/")
    tree, formatted = without_formatting(by_id(parse(room_page), "chat"))
    assert formatted == 3  # the same two payloads' bold and emphasis
    assert_same_shape(tree, by_id(parse(harmless_page), "chat"), "room page")
    for payload in PAYLOADS:
        if "*" not in payload and "__" not in payload:
            assert_shown_as_text(room_page, tree, payload)


async def people_arriving(server, names: list[str]) -> tuple[str, str]:
    """Each of `names` registers, joins a room, opens it and says hello while its host
    watches: what the host's socket was sent, and the room page afterwards."""
    host = Browser(server.url).register(f"host{uuid.uuid4().hex[:8]}")
    slug = host.create_room("Arrivals")
    watching = await host.open_tab(slug)
    for name in names:
        person = Browser(server.url).register(name)
        person.join_room(slug)
        tab = await person.open_tab(slug)
        await tab.say(f"hello from {name}")
        await watching.receive_until(has_message(f"hello from {name}"))
    received = await watching.settle(0.3)
    return received, host.get(f"/room/{slug}/")[1]


async def test_odd_usernames_are_inert_in_presence_members_and_messages(server):
    odd_pushed, odd_page = await people_arriving(server, ODD_USERNAMES)
    plain = [f"plain{n}{uuid.uuid4().hex[:6]}" for n in range(len(ODD_USERNAMES))]
    plain_pushed, plain_page = await people_arriving(server, plain)

    # Every kind of fragment pushed to the host is one that harmless names bring too.
    # ("hello from __proto__" is bold, as Markdown has it: formatting aside, the same markup.)
    kinds = {element.kind() for element in without_formatting(parse(odd_pushed))[0].children}
    assert kinds <= {element.kind() for element in parse(plain_pushed).children}
    odd_room = without_formatting(by_id(parse(odd_page), "chat"))[0]
    assert_same_shape(odd_room, by_id(parse(plain_page), "chat"), "room page")
    for element_id in ("presence", "members"):
        listing = by_id(parse(odd_page), element_id)
        for name in ODD_USERNAMES:
            assert any(name in shown for shown in listing.shown()), (element_id, name)
    for name in ODD_USERNAMES:
        assert any(name in shown for shown in parse(odd_pushed).shown()), name
