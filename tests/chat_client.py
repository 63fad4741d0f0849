"""Real clients for a served backchat: an HTTP browser (forms, cookies) and a websocket tab."""

from __future__ import annotations

import asyncio
import functools
import http.client
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect

from backchat.formatting import render_body

PASSWORD = "a long password"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_MESSAGE_ID = re.compile(r'<li id="message-(\d+)"')
_LAST_SEEN = re.compile(r'id="last-seen" name="last_seen" value="(\d*)"')
ROOM_URL = re.compile(r"/room/([a-z0-9-]+)/$")
_DATA_USER = re.compile(r'data-user="([^"]+)"')
_PRESENCE_CHANGE = re.compile(
    r'<ul id="presence"[^>]*>(?P<whole>.*?)</ul>'
    r'|<li id="presence-(?P<gone>[^"]+)" hx-swap-oob="delete">'
    r'|<ul hx-swap-oob="(?:beforeend:#presence|beforebegin:#presence-(?P<before>[^"]+))">'
    r"(?P<added>.*?)</ul>",
    re.S,
)


class Browser:
    """One person's cookie jar, driving the real HTML forms over HTTP: from `source_address`
    (an address of this machine) when given, and with `headers` added to every request."""

    def __init__(
        self, base_url: str, source_address: str | None = None, headers: Mapping[str, str] = {}
    ) -> None:
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPCookieProcessor(self.jar)]
        if source_address:
            handlers.append(FromAddress(source_address))
        self._opener = urllib.request.build_opener(*handlers)
        self._opener.addheaders += headers.items()

    def get(self, path: str, htmx: bool = False) -> tuple[str, str]:
        """The address a GET ended on and its body (asked as htmx asks, when `htmx`)."""
        request = urllib.request.Request(self.base_url + path)
        if htmx:
            request.add_header("HX-Request", "true")
        with self._opener.open(request, timeout=10) as response:
            return response.url, response.read().decode()

    def post(self, path: str, form: dict[str, str]) -> tuple[str, str]:
        token = _CSRF.search(self.get(path)[1]).group(1)
        data = urllib.parse.urlencode({**form, "csrf_token": token}).encode()
        with self._opener.open(self.base_url + path, data=data, timeout=10) as response:
            return response.url, response.read().decode()

    def submit(
        self, path: str, form: dict[str, str], token_from: str, htmx: bool = False
    ) -> tuple[int, str, str]:
        """POST a form with the CSRF token of the page at `token_from` (as htmx does, with its
        header, when `htmx`): the status, the address it ended on and the body."""
        token = _CSRF.search(self.get(token_from)[1]).group(1)
        data = urllib.parse.urlencode({**form, "csrf_token": token}).encode()
        request = urllib.request.Request(self.base_url + path, data=data)
        if htmx:
            request.add_header("HX-Request", "true")
        try:
            with self._opener.open(request, timeout=10) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def register(self, username: str) -> Browser:
        self.username = username
        self.post(
            "/auth/register/", {"username": username, "password1": PASSWORD, "password2": PASSWORD}
        )
        return self

    def create_room(self, name: str) -> str:
        url, _ = self.post("/create/", {"room_name": name})
        return ROOM_URL.search(url).group(1)

    def join_room(self, slug: str) -> None:
        self.post("/join/", {"room_slug": slug})

    def room_position(self, slug: str) -> int:
        """The `last_seen` a freshly loaded room page holds: where the room's log stands."""
        position = last_seen(self.get(f"/room/{slug}/")[1])
        assert position is not None
        return position

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)

    async def open_tab(
        self,
        slug: str,
        *,
        origin: str | None = None,
        server_url: str | None = None,
        cookie: str | None = None,
    ) -> Tab:
        """A websocket to the room, as the page's htmx ws extension opens it (on this
        browser's server, or on another `server_url` sharing the same database), with this
        browser's cookies or with an old `cookie` header kept from before."""
        return await self.open_socket(f"/chat/{slug}/", origin, server_url, cookie)

    async def open_sidebar(self, server_url: str | None = None, origin: str | None = None) -> Tab:
        """The websocket of a page without a room (its sidebar, live)."""
        return await self.open_socket("/live/", origin, server_url)

    async def open_socket(
        self,
        path: str,
        origin: str | None = None,
        server_url: str | None = None,
        cookie: str | None = None,
    ) -> Tab:
        base_url = server_url or self.base_url
        socket = await connect(
            base_url.replace("http://", "ws://") + path,
            origin=origin or base_url,
            additional_headers={"Cookie": cookie or self.cookie_header},
            max_size=None,
            # A tab whose server was killed gets no closing handshake: wait 1 s for it, not 10.
            close_timeout=1,
        )
        tab = Tab(socket)
        OPEN_TABS.append(tab)
        return tab


class FromAddress(urllib.request.HTTPHandler):
    """Plain HTTP connections from one local address (on Linux, any of 127.0.0.0/8)."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(http.client.HTTPConnection, source_address=(self.address, 0))
        return self.do_open(connection, req)


OPEN_TABS: list[Tab] = []


async def close_all_tabs() -> None:
    """Close every tab a test opened (a test that fails midway leaves some open), at once."""
    tabs = list(OPEN_TABS)
    OPEN_TABS.clear()
    await asyncio.gather(*(tab.socket.close() for tab in tabs))


@dataclass
class Tab:
    """An open room websocket that records every frame it receives."""

    socket: ClientConnection
    frames: list[str] = field(default_factory=list)

    async def send_json(self, data: object) -> None:
        await self.socket.send(json.dumps(data))

    async def say(self, text: str, client_id: str | None = None, reply_to: object = None) -> None:
        """What the composer's `ws-send` sends (with its ticked `reply_to`, if any)."""
        form = {"message": text, "HEADERS": {"HX-Request": "true"}}
        if client_id:
            form["client_id"] = client_id
        if reply_to is not None:
            form["reply_to"] = reply_to
        await self.send_json(form)

    async def resume(self, last_seen: int | None) -> None:
        """What the hidden resume form sends when the socket opens."""
        value = "" if last_seen is None else str(last_seen)
        await self.send_json({"action": "resume", "last_seen": value, "HEADERS": {}})

    async def receive_until(self, predicate, timeout: float = 5.0) -> str:
        """Receive frames until `predicate(all text so far)` holds; return all text."""

        async def wait() -> str:
            while not predicate(self.text):
                self.frames.append(await self.socket.recv())
            return self.text

        return await asyncio.wait_for(wait(), timeout)

    async def settle(self, quiet: float = 0.3) -> str:
        """Receive until nothing arrives for `quiet` seconds."""
        try:
            while True:
                self.frames.append(await asyncio.wait_for(self.socket.recv(), quiet))
        except TimeoutError:
            return self.text

    @property
    def text(self) -> str:
        return "".join(self.frames)

    @property
    def message_ids(self) -> list[int]:
        """Ids of the messages received, in the order they arrived."""
        return [int(i) for i in _MESSAGE_ID.findall(self.text)]

    @property
    def last_seen(self) -> int | None:
        """The page's `last_seen` as the server last moved it (after a resume)."""
        return last_seen(self.text)

    async def close_code(self, timeout: float = 5.0) -> int | None:
        """Wait for the server to close the socket; its close code."""
        try:
            while True:
                self.frames.append(await asyncio.wait_for(self.socket.recv(), timeout))
        except Exception:
            pass
        return self.socket.close_code

    async def close(self) -> None:
        await self.socket.close()


def new_person(base_url: str, name: str = "user") -> Browser:
    """A newly registered user with a unique name and a browser of their own."""
    return Browser(base_url).register(f"{name}{uuid.uuid4().hex[:8]}")


def people_in_a_room(base_url: str, room_name: str = "Test room") -> tuple[Browser, Browser, str]:
    """alice made a room that bob joined: (alice, bob, slug)."""
    alice, bob = new_person(base_url, "alice"), new_person(base_url, "bob")
    slug = alice.create_room(room_name)
    bob.join_room(slug)
    return alice, bob, slug


def last_seen(received: str) -> int | None:
    """The page's `last_seen` as the server last set it (what the resume form sends)."""
    values = _LAST_SEEN.findall(received)
    return int(values[-1]) if values and values[-1] else None


async def said(tab: Tab, text: str, **reply: object) -> int:
    """Send a message from the tab (replying, with `reply_to=`); its id once the tab saw it
    saved."""
    await tab.say(text, **reply)
    await tab.receive_until(has_message(text))
    return tab.message_ids[-1]


def has_message(text: str) -> Callable[[str], bool]:
    """A `receive_until` condition: a message with this body (formatted, as pages show it) has
    arrived."""
    pattern = re.compile(rf'<p class="message-body">{re.escape(str(render_body(text)))}</p>')
    return lambda received: pattern.search(received) is not None


def bodies(received: str) -> list[str]:
    """Message bodies in the order they arrived."""
    return re.findall(r'<p class="message-body">([^<]*)</p>', received)


def present_users(received: str) -> list[str]:
    """Who's here on a page that applied every frame received, as htmx does: a whole list
    replaces it, a delete removes one user, an insert adds some before another user (or at
    the end). Strict: a user listed twice stays twice, and removing someone not listed or
    inserting before someone not listed fails."""
    users: list[str] = []
    for change in _PRESENCE_CHANGE.finditer(received):
        if change["whole"] is not None:
            users = _DATA_USER.findall(change["whole"])
        elif change["gone"] is not None:
            assert change["gone"] in users, f"{change['gone']} left but was not listed"
            users.remove(change["gone"])
        elif change["before"] is not None:
            before = change["before"].replace("\\.", ".")
            assert before in users, f"inserted before {before}, who is not listed"
            at = users.index(before)
            users[at:at] = _DATA_USER.findall(change["added"])
        else:
            users += _DATA_USER.findall(change["added"])
    return users


_MEMBER = r'<li id="member-(?P<{}>[^"]+)" data-member="[^"]+" data-role="(?P<{}>\w+)"'
_MEMBER_CHANGE = re.compile(
    r'<ul hx-swap-oob="beforeend:#members">'
    + _MEMBER.format("added", "added_role")
    + r'|<li id="member-(?P<gone>[^"]+)" hx-swap-oob="delete">'
    + r"|"
    + _MEMBER.format("replaced", "role")
    + r' hx-swap-oob="true">'
    + r'|<span id="member-count" class="count" hx-swap-oob="true">(?P<count>\d+)</span>'
)


def members_on(page: str) -> dict[str, str]:
    """The room page's member list: username (lower-cased) -> role."""
    listed = re.search(r'<ul id="members".*?</ul>', page, re.S)
    assert listed, "the page has no member list"
    return dict(re.findall(r'data-member="([^"]+)" data-role="(\w+)"', listed.group(0)))


def members_after(members: dict[str, str], received: str) -> tuple[dict[str, str], int | None]:
    """The member list (and its count, None if none came) of a page that had `members` and
    then applied every frame received, as htmx does. Strict: a newcomer already listed, or a
    change to someone not listed, fails."""
    members, count = dict(members), None
    for change in _MEMBER_CHANGE.finditer(received):
        if change["added"] is not None:
            assert change["added"] not in members, f"{change['added']} listed twice"
            members[change["added"]] = change["added_role"]
        elif change["gone"] is not None:
            assert members.pop(change["gone"], None), f"{change['gone']} left, not listed"
        elif change["replaced"] is not None:
            assert change["replaced"] in members, f"{change['replaced']} changed, not listed"
            members[change["replaced"]] = change["role"]
        else:
            count = int(change["count"])
    return members, count


def more_present(received: str) -> int:
    """The latest count of people here beyond those named (0 if none was received)."""
    counts = re.findall(r'<p id="presence-more"[^>]*>(?:and ([\d,]+) more)?</p>', received)
    return int(counts[-1].replace(",", "")) if counts and counts[-1] else 0


def room_link(received: str, room_id: int) -> str | None:
    """The room's sidebar link as a page that applied every frame would show it (from a whole
    list or a link replacing itself), or None if none was sent."""
    links = re.findall(rf'<a id="room-link-{room_id}".*?</a>', received, re.S)
    return links[-1] if links else None


def unread(received: str, room_id: int) -> tuple[int, int] | None:
    """The room's news in its latest sidebar link: (unread messages, mentions)."""
    link = room_link(received, room_id)
    if link is None:
        return None
    count = re.search(r'data-unread="(\d+)"', link)
    badge = re.search(r'class="mention-badge"[^>]*>@(\d+)', link)
    assert count is not None, link
    return int(count.group(1)), int(badge.group(1)) if badge else 0


def room_id_of(browser: Browser, slug: str) -> int:
    """The room's id, as its sidebar link on the home page names it."""
    found = re.search(rf'id="room-link-(\d+)" href="/room/{slug}/"', browser.get("/")[1])
    assert found, f"{slug} is not in the sidebar"
    return int(found.group(1))
