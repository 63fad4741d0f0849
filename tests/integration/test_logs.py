"""The server's log, from a real hypercorn with `LOG_JSON=1`: one JSON object per line for
every request and every websocket opened, refused and closed (with its code), and nothing in
it that anyone wrote or holds (message text, search words, passwords, cookies, invite
tokens)."""

import json
import re
import urllib.parse

import pytest

from tests.chat_client import PASSWORD, Browser, new_person, people_in_a_room, said
from tests.server import live_server

pytestmark = pytest.mark.usefixtures("close_tabs")


def log_lines(server_log: str) -> list[dict]:
    """The server log's JSON lines from backchat's request log."""
    lines = [json.loads(line) for line in server_log.splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "backchat.requests"]


async def test_every_request_and_socket_is_one_json_line_without_secrets(tmp_path):
    instance = tmp_path / "instance"
    with live_server(instance, env={"LOG_JSON": "1"}) as server:
        alice, bob, slug = people_in_a_room(server.url)
        tab = await alice.open_tab(slug)
        await said(tab, "the secret plan is pineapple")
        alice.get("/search/?q=" + urllib.parse.quote("pineapple plan"))
        invite = re.search(r"/join/([\w-]+)/", alice.get(f"/room/{slug}/")[1]).group(1)
        new_person(server.url, "carol").get(f"/join/{invite}/")
        refused = await Browser(server.url).open_socket(f"/chat/{slug}/")
        assert await refused.close_code() == 4401
        alice.post("/auth/logout/", {})
        assert await tab.close_code(timeout=10) == 4401
        cookie = bob.cookie_header
    written = (instance / "server.log").read_text()
    lines = log_lines(written)

    requests = [line for line in lines if line["event"] == "request"]
    room_page = next(line for line in requests if line["path"] == f"/room/{slug}/")
    assert room_page["route"] == "/room/<slug>/" and room_page["status"] == 200
    assert room_page["method"] == "GET" and isinstance(room_page["user"], int)
    assert room_page["client"] == "127.0.0.1" and room_page["ms"] >= 0
    assert any(line["path"] == "/search/" for line in requests)
    assert any(line["path"] == "/auth/logout/" and line["status"] == 303 for line in requests)
    assert any(line["path"] == "/join/<token>/" for line in requests)

    opened = [line for line in lines if line["event"] == "websocket open"]
    closed = [line for line in lines if line["event"] == "websocket closed"]
    assert [line["route"] for line in opened] == ["/chat/<slug>/"]
    assert [(line["code"], line["room"]) for line in closed] == [(4401, opened[0]["room"])]
    assert closed[0]["user"] == room_page["user"]
    assert [line["code"] for line in lines if line["event"] == "websocket refused"] == [4401]

    for secret in ("pineapple", PASSWORD, invite, cookie.split("=", 1)[1]):
        assert secret not in written
