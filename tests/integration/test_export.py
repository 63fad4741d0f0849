"""Export for members: a room's whole log as JSON Lines and its transcript as a standalone page
(its stylesheet allowed by hash, no script, hostile text inert), both streamed page by page;
anyone but a member gets 404."""

import base64
import hashlib
import json
import re

from backchat.editing import delete_message, edit_message, toggle_reaction
from backchat.export import EXPORT_PAGE
from backchat.messaging import NewMessage, save_message, save_messages
from backchat.models import Room, User
from backchat.ownership import change_room
from tests.conftest import AuthActions

ROOM_PATH = re.compile(r"/room/([a-z0-9-]+-[a-z0-9]{4})/")


async def person(app, name: str) -> AuthActions:
    actions = AuthActions(app.test_client())
    await actions.register(name)
    return actions


async def room_with_history(app, visibility: str = "private") -> tuple[AuthActions, Room]:
    """alice's room where things happened: messages, an edit, a deletion, a reaction, a
    rename, and a hostile message."""
    alice = await person(app, "alice")
    created = await alice.post("/create/", {"room_name": "Records", "visibility": visibility})
    room = await Room.get(slug=ROOM_PATH.fullmatch(created.headers["Location"]).group(1))
    author = await User.get(username="alice")
    first = await save_message(room, author, "first words")
    changed = await save_message(room, author, "a typo here")
    gone = await save_message(room, author, "regrettable")
    await save_message(room, author, "<script>alert(1)</script> **bold**")
    await edit_message(room, changed.message.id, author, "no typo here")
    await delete_message(room, gone.message.id, author)
    await toggle_reaction(room, first.message.id, author, "👍")
    await change_room(room, "Records kept", visibility)
    return alice, room


async def test_the_log_as_json_lines_has_every_event_in_order_as_it_is_now(app):
    alice, room = await room_with_history(app)
    response = await alice.client.get(f"/room/{room.slug}/export.jsonl")
    assert response.status_code == 200
    assert response.mimetype == "application/jsonl"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="{room.slug}-')
    events = [json.loads(line) for line in (await response.get_data(as_text=True)).splitlines()]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert [e["kind"] for e in events] == [
        "posted",
        "posted",
        "posted",
        "posted",
        "edited",
        "deleted",
        "reacted",
        "room",
    ]
    messages = {e["message"]["id"]: e["message"] for e in events if "message" in e}
    bodies = [m["body"] for m in messages.values()]
    assert bodies == ["first words", "no typo here", "", "<script>alert(1)</script> **bold**"]
    assert [m["deleted"] for m in messages.values()] == [False, False, True, False]
    assert events[0]["message"]["reactions"] == {"👍": ["alice"]}
    assert events[-1]["room"] == {"name": "Records kept", "visibility": "private"}
    assert {m["author"] for m in messages.values()} == {"alice"}


async def test_the_transcript_reads_alone_with_its_own_policy_and_inert_text(app):
    alice, room = await room_with_history(app)
    response = await alice.client.get(f"/room/{room.slug}/export.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Disposition"].endswith('.html"')
    page = await response.get_data(as_text=True)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith(f"default-src 'none'; style-src 'sha256-{digest}';")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>bold</strong>" in page
    assert "no typo here" in page and "(edited" in page
    assert "regrettable" not in page and "message deleted" in page
    assert "👍 1" in page and "#Records kept" in page
    assert 'href="/' not in page and "hx-" not in page  # nothing that needs the site


async def test_a_long_history_streams_out_whole_and_in_order(app):
    alice, room = await room_with_history(app, "open")
    author = await User.get(username="alice")
    for start in range(0, 2 * EXPORT_PAGE + 50, 100):
        await save_messages(room, [NewMessage(author, f"m{n}") for n in range(start, start + 100)])
    lines = (await (await alice.client.get(f"/room/{room.slug}/export.jsonl")).get_data()).split(
        b"\n"
    )
    events = [json.loads(line) for line in lines if line]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert len(events) == 8 + 2 * EXPORT_PAGE + 100
    page = await (await alice.client.get(f"/room/{room.slug}/export.html")).get_data(as_text=True)
    shown = re.findall(r"<div class=\"body\">m(\d+)</div>", page)
    assert shown == [str(n) for n in range(2 * EXPORT_PAGE + 100)]


async def test_only_members_export(app):
    _, private = await room_with_history(app)
    _, public = await room_with_history_of(app, "bob", "open")
    carol = await person(app, "carol")
    for room in (private, public):
        for kind in ("jsonl", "html"):
            response = await carol.client.get(f"/room/{room.slug}/export.{kind}")
            assert response.status_code == 404, (room.visibility, kind)
            assert "first words" not in await response.get_data(as_text=True)
    signed_out = await app.test_client().get(f"/room/{public.slug}/export.jsonl")
    assert signed_out.status_code in (302, 303)


async def room_with_history_of(app, name: str, visibility: str) -> tuple[AuthActions, Room]:
    owner = await person(app, name)
    created = await owner.post("/create/", {"room_name": "Open records", "visibility": visibility})
    room = await Room.get(slug=ROOM_PATH.fullmatch(created.headers["Location"]).group(1))
    await save_message(room, await User.get(username=name), "first words")
    return owner, room
