"""The quart CLI commands, run exactly as the README shows them."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

QUART = [sys.executable, "-m", "quart", "--app", "backchat"]


@pytest.fixture(name="quart")
def _quart(tmp_path: Path):
    """Run `quart --app backchat …` against a fresh instance folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["INSTANCE_PATH"] = str(tmp_path / "instance")

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
    with closing(sqlite3.connect(tmp_path / "instance" / "backchat.sqlite3")) as db:
        admins = db.execute("SELECT username FROM user WHERE is_admin ORDER BY id").fetchall()
    assert admins == [("alice",), ("bob",)]  # the first account, and the one made so
