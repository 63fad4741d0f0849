"""The quart CLI commands, run exactly as the README shows them."""

import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backchat.db import database
from backchat.messaging import save_message
from backchat.models import Message, Room, User
from tests.databases import instance_database_url, query
from tests.server import quart_environment

QUART = [sys.executable, "-m", "quart", "--app", "backchat"]


@pytest.fixture(name="quart")
def _quart(tmp_path: Path):
    """Run `quart --app backchat …` against a fresh instance folder."""
    instance = tmp_path / "instance"
    instance_database_url(instance, migrated=False)  # left to `migrate`, as an operator would
    env = quart_environment(instance)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*QUART, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60
        )

    return run


def test_setup_and_admin_commands_work_together(quart):
    migrated = quart("migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "Applied " in migrated.stdout
    assert "up to date" in quart("migrate").stdout

    created = quart("create-user", "alice", "--password-stdin", stdin="a long password\n")
    assert created.returncode == 0, created.stderr
    assert "Created user alice" in created.stdout

    room = quart("create-room", "Café crew", "--owner", "ALICE")
    assert room.returncode == 0, room.stderr
    assert "with code cafe-crew-" in room.stdout

    listed = quart("list-rooms")
    assert "cafe-crew-" in listed.stdout
    assert "1 members" in listed.stdout
    assert "Café crew" in listed.stdout


def test_commands_explain_bad_input(quart):
    quart("migrate")
    short = quart("create-user", "bob", "--password-stdin", stdin="short\n")
    assert short.returncode != 0
    assert "at least 8" in short.stderr
    quart("create-user", "bob", "--password-stdin", stdin="long enough\n")
    taken = quart("create-user", "BOB", "--password-stdin", stdin="long enough\n")
    assert "taken" in taken.stderr
    nobody = quart("create-room", "Room", "--owner", "nobody")
    assert "No user called 'nobody'" in nobody.stderr
    assert "Lobby" in quart("list-rooms").stdout  # made with the first account


def test_create_user_prompts_for_the_password_twice(quart):
    quart("migrate")
    created = quart("create-user", "carol", stdin="a long password\na long password\n")
    assert created.returncode == 0, created.stderr
    assert "Created user carol" in created.stdout


def test_make_admin_promotes_an_existing_user(quart, tmp_path):
    quart("migrate")
    for name in ("alice", "bob"):
        quart("create-user", name, "--password-stdin", stdin="long enough\n")
    promoted = quart("make-admin", "BOB")
    assert (promoted.returncode, promoted.stdout) == (0, "BOB is a site admin.\n")
    nobody = quart("make-admin", "nobody")
    assert nobody.returncode != 0 and "No user is called 'nobody'" in nobody.stderr
    admins = query(
        instance_database_url(tmp_path / "instance"),
        'SELECT username FROM "user" WHERE is_admin ORDER BY id',
    )
    assert admins == [("alice",), ("bob",)]  # the first account, and the one made so


COMMANDS = [
    "migrate",
    "create-user",
    "make-admin",
    "deactivate-user",
    "reactivate-user",
    "create-room",
    "list-rooms",
    "delete-room",
    "delete-message",
    "export-room",
    "prune-messages",
]


def test_every_command_is_listed_and_explains_itself(quart, app):
    listed = quart("--help").stdout
    runner = app.test_cli_runner()
    for command in COMMANDS:
        assert command in listed, command
        helped = runner.invoke(args=[command, "--help"])
        assert helped.exit_code == 0 and "Usage:" in helped.output, command


async def _say_in(instance: Path, code: str, author: str, texts: list[str], age_days: int) -> None:
    async with database(instance_database_url(instance)):
        room, user = await Room.get(slug=code), await User.get(username=author)
        for text in texts:
            saved = await save_message(room, user, text)
            await Message.filter(id=saved.message.id).update(
                created_at=datetime.now(UTC) - timedelta(days=age_days)
            )


def bodies(json_lines: str) -> list[str]:
    """The text of every message in an exported log."""
    events = [json.loads(line) for line in json_lines.splitlines()]
    return [e["message"]["body"] for e in events if e["kind"] == "posted"]


def test_rooms_can_be_exported_pruned_and_deleted(quart, tmp_path):
    quart("migrate")
    quart("create-user", "alice", "--password-stdin", stdin="long enough\n")
    code = quart("create-room", "Archive", "--owner", "alice").stdout.split()[-1].rstrip(".")
    asyncio.run(_say_in(tmp_path / "instance", code, "alice", ["from last year"], 400))
    asyncio.run(_say_in(tmp_path / "instance", code, "alice", ["from today ✓"], 0))

    exported = quart("export-room", code.upper())
    assert exported.returncode == 0, exported.stderr
    assert bodies(exported.stdout) == ["from last year", "from today ✓"]

    kept = quart("prune-messages", "--older-than-days", "30", stdin="n\n")
    assert kept.returncode != 0 and "Aborted" in kept.stderr
    pruned = quart("prune-messages", "--older-than-days", "30", "--yes")
    assert (pruned.returncode, pruned.stdout) == (0, "Deleted 1 message(s) older than 30 days.\n")
    assert bodies(quart("export-room", code).stdout) == ["from today ✓"]
    assert quart("prune-messages", "--older-than-days", "0", "--yes").returncode != 0

    kept = quart("delete-room", code, stdin="n\n")
    assert kept.returncode != 0 and code in quart("list-rooms").stdout
    deleted = quart("delete-room", code, "--yes")
    assert (deleted.returncode, deleted.stdout) == (0, f"Deleted the room 'Archive' ({code}).\n")
    assert code not in quart("list-rooms").stdout
    for command in ("delete-room", "export-room"):
        gone = quart(command, code, "--yes") if command == "delete-room" else quart(command, code)
        assert gone.returncode != 0 and f"No room has the code {code!r}" in gone.stderr
