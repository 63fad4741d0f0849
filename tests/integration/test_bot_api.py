"""The bot API, through a real hypercorn on the in-process broker and across two processes on
Redis: an owner adds a bot (its token shown once, kept hashed), the bot posts with
`Authorization: Bearer <token>` and everyone in the room sees it live under the bot's name;
every wrong request gets its status from CLARIFICATIONS 14 and saves nothing; a removed
bot's token stops working."""

import hashlib
import json
import re
import urllib.error
import urllib.request
from email.message import Message

import pytest

from tests.chat_client import Browser, has_message, new_person, people_in_a_room
from tests.server import live_server

pytestmark = pytest.mark.usefixtures("close_tabs")

TOKEN = re.compile(r'id="bot-token" class="invite-link" value="(bk_[A-Za-z0-9_-]+)"')


def add_bot(owner: Browser, slug: str, name: str) -> str:
    """The owner adds a bot from the room's settings: its token, from the page shown once."""
    settings = f"/room/{slug}/settings/"
    status, _, page = owner.submit(f"/room/{slug}/bots/", {"bot_name": name}, settings)
    assert status == 200, page  # 303 to the settings, showing the token once
    return TOKEN.search(page).group(1)


def api_post(
    base_url: str, slug: str, body: bytes | str, token: str | None = None, **headers: str
) -> tuple[int, dict, Message]:
    """POST to the bot API: the status, the JSON answer and the headers."""
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(
        f"{base_url}/api/rooms/{slug}/messages",
        data=data,
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read()), error.headers


async def test_a_bot_posts_live_under_its_name(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    token = add_bot(alice, slug, "Deploy <notices>")
    assert token not in alice.get(f"/room/{slug}/settings/")[1]  # shown that once only
    bob_tab = await bob.open_tab(slug, server_url=second)

    status, answer, headers = api_post(first, slug, json.dumps({"text": "v2 is **live**"}), token)
    assert status == 201 and isinstance(answer["id"], int)
    assert headers["Content-Type"] == "application/json"
    await bob_tab.receive_until(has_message("v2 is **live**"))
    assert f'id="message-{answer["id"]}"' in bob_tab.text
    assert ">Deploy &lt;notices&gt;</span>" in bob_tab.text
    assert "v2 is <strong>live</strong>" in bob.get(f"/room/{slug}/")[1]
    # Its account is nobody to talk to.
    bot_name = re.search(r'title="@(bot-[0-9a-f]{8})"', bob_tab.text).group(1)
    with pytest.raises(urllib.error.HTTPError) as refused:
        bob.get(f"/dm/{bot_name}/")
    with refused.value:
        assert refused.value.code == 404


async def test_every_wrong_request_is_refused_clearly_and_saves_nothing(servers):
    first, _ = servers
    alice, bob, slug = people_in_a_room(first)
    token = add_bot(alice, slug, "Reporter")
    other_slug = alice.create_room("Elsewhere")
    other_token = add_bot(alice, other_slug, "Elsewhere bot")
    good = json.dumps({"text": "fine"})

    status, answer, headers = api_post(first, slug, good)
    assert status == 401 and "Bearer" in answer["error"]
    assert headers["WWW-Authenticate"].startswith("Bearer")
    assert api_post(first, slug, good, "bk_not-a-real-token")[0] == 401
    assert api_post(first, slug, good, "x" * 10_000)[0] == 401
    # A signed-in person's cookie is no credential here.
    assert api_post(first, slug, good, Cookie=alice.cookie_header)[0] == 401
    assert api_post(first, slug, good, other_token)[0] == 403
    assert api_post(first, "no-such-room-zzzz", good, token)[0] == 403
    for bad in ("{", "[]", "null", '"text"', "{}", b"\xff\xfe", "[" * 20_000):
        assert api_post(first, slug, bad, token)[0] == 400, bad
    for text in ("", "   ", "x" * 5000, 42, None):
        status, answer, _ = api_post(first, slug, json.dumps({"text": text}), token)
        assert status == 422 and answer["error"], text
    assert api_post(first, slug, json.dumps({"text": "x" * 70_000}), token)[0] == 413
    assert "Reporter" not in bob.get(f"/room/{slug}/")[1]  # nothing was posted

    # Removed, its token stops working; a member cannot remove it.
    bot_id = re.search(r'id="bot-(\d+)"', alice.get(f"/room/{slug}/settings/")[1]).group(1)
    remove = f"/room/{slug}/bots/{bot_id}/delete/"
    assert bob.submit(remove, {}, f"/room/{slug}/")[0] == 403
    assert api_post(first, slug, good, token)[0] == 201
    assert alice.submit(remove, {}, f"/room/{slug}/settings/")[0] == 200
    assert api_post(first, slug, good, token)[0] == 401
    assert "fine" in bob.get(f"/room/{slug}/")[1]  # what it said stays
    settings = f"/room/{slug}/settings/"
    status, _, page = alice.submit(f"/room/{slug}/bots/", {"bot_name": " "}, settings)
    assert status == 400 and "Give the bot a name." in page
    assert bob.submit(f"/room/{slug}/bots/", {"bot_name": "Mine"}, f"/room/{slug}/")[0] == 403
    assert new_person(first).submit(f"/room/{slug}/bots/", {"bot_name": "x"}, "/")[0] == 404


async def test_a_bot_has_the_peoples_rate_limit_and_its_token_is_kept_hashed(tmp_path):
    limits = {"MESSAGE_RATE_BURST": "2", "MESSAGE_RATE_PER_SECOND": "0.01"}
    with live_server(tmp_path / "instance", limits) as server:
        alice, _, slug = people_in_a_room(server.url)
        token = add_bot(alice, slug, "Chatty")
        text = json.dumps({"text": "again"})
        assert [api_post(server.url, slug, text, token)[0] for _ in range(2)] == [201, 201]
        status, answer, headers = api_post(server.url, slug, text, token)
        assert status == 429 and int(headers["Retry-After"]) >= 1 and answer["error"]
        [(kept,)] = server.query("SELECT token_hash FROM bot")
        [(is_bot,)] = server.query('SELECT is_bot FROM "user" WHERE id = (SELECT user_id FROM bot)')
        assert kept == hashlib.sha256(token.encode()).hexdigest() and token not in kept
        assert is_bot
